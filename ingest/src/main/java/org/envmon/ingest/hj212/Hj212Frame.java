package org.envmon.ingest.hj212;

import java.nio.charset.StandardCharsets;

/**
 * One frame cut from a stream: the data segment, the checksum text as sent, and the whole frame's
 * bytes (kept for quarantine). {@code charCountLength} is true when the declared length only
 * matched as a count of characters, as some devices with Chinese text send it.
 */
public record Hj212Frame(byte[] segment, String crcText, boolean charCountLength, byte[] raw) {

    public String segmentText() {
        return new String(segment, StandardCharsets.UTF_8);
    }
}
