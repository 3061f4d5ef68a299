package org.envmon.ingest.hj212;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One frame cut from a stream: the data segment, the checksum text as sent, the whole frame's bytes
 * (kept for quarantine), and the ways it departs from the standard's frame that were tolerated.
 */
public record Hj212Frame(byte[] segment, String crcText, Set<Hj212Quirk> quirks, byte[] raw) {

    public Hj212Frame {
        quirks = Set.copyOf(quirks);
    }

    /** A frame as the standard writes it. */
    public Hj212Frame(byte[] segment, String crcText, byte[] raw) {
        this(segment, crcText, Set.of(), raw);
    }

    public boolean charCountLength() {
        return quirks.contains(Hj212Quirk.LENGTH_IN_CHARACTERS);
    }

    public String segmentText() {
        return new String(segment, StandardCharsets.UTF_8);
    }
}
