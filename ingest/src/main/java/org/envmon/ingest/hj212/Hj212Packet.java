package org.envmon.ingest.hj212;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed data segment. Header fields that the packet did not carry are empty; {@code header}
 * keeps every header field as sent (unknown keys included), {@code cpFields} every data-area field
 * that is not a factor item (e.g. {@code RtdInterval}, {@code SystemTime}); {@code quirks} what the
 * parser tolerated.
 */
public record Hj212Packet(
        Optional<String> qn,
        Optional<String> st,
        String cn,
        Optional<String> pw,
        String mn,
        Optional<Integer> flag,
        Optional<Integer> pnum,
        Optional<Integer> pno,
        Map<String, String> header,
        Optional<String> dataTime,
        List<FactorItem> items,
        Map<String, String> cpFields,
        Set<Hj212Quirk> quirks) {

    public Hj212Packet {
        quirks = Set.copyOf(quirks);
    }

    /** {@code code-Suffix=value}, e.g. {@code w01001-Rtd=7.1}. */
    public record FactorItem(String code, String suffix, String value) {}

    /** The A bit: the platform must answer. */
    public boolean answerRequested() {
        return flag.map(f -> (f & 1) == 1).orElse(false);
    }

    public Dialect dialect() {
        if (flag.isPresent()) {
            int version = flag.get() >> 2;
            if (version == 1) {
                return Dialect.HJ212_2017;
            }
            if (version == 0 && mn.length() != 24) {
                return Dialect.HJ212_2005;
            }
        }
        return mn.length() == 14 ? Dialect.HJ212_2005 : Dialect.HJ212_2017;
    }

    /** The protocol edition a packet speaks, from its Flag version bits or else its MN length. */
    public enum Dialect {
        HJ212_2017,
        HJ212_2005
    }
}
