package org.envmon.ingest.hj212;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a data segment ({@code QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;CP=&&…&&}). Tolerates what the
 * field sends: a missing {@code ;} before {@code CP=} ({@code Flag=5CP=&&}), a {@code ,} where a
 * {@code ;} belongs, stray spaces, a missing closing {@code &&}, missing QN and Flag (2005),
 * unknown keys. Only CN and MN are required.
 */
public final class Hj212Parser {
    private static final Pattern CP_START = Pattern.compile("CP\\s*=\\s*&&");
    private static final List<String> KNOWN_SUFFIXES = List.of(
            "Rtd",
            "Avg",
            "Min",
            "Max",
            "Cou",
            "Flag",
            "ZsRtd",
            "ZsAvg",
            "ZsMin",
            "ZsMax",
            "EFlag",
            "SampleTime",
            "Info",
            "SN");

    private Hj212Parser() {}

    public static Hj212Packet parse(String segment) throws Hj212ParseException {
        Matcher cp = CP_START.matcher(segment);
        boolean hasCp = cp.find();
        String headerText = hasCp ? segment.substring(0, cp.start()) : segment;
        String cpText = "";
        EnumSet<Hj212Quirk> quirks = EnumSet.noneOf(Hj212Quirk.class);
        if (hasCp) {
            String rest = segment.substring(cp.end());
            int close = rest.lastIndexOf("&&");
            if (close < 0) {
                quirks.add(Hj212Quirk.NO_CP_END);
            }
            cpText = (close >= 0 ? rest.substring(0, close) : rest).trim();
        }
        Map<String, String> header = fields(headerText);
        String cn = header.get("CN");
        String mn = header.get("MN");
        if (cn == null || cn.isEmpty()) {
            throw new Hj212ParseException("no CN (command code) in the data segment");
        }
        if (mn == null || mn.isEmpty()) {
            throw new Hj212ParseException("no MN (station id) in the data segment");
        }
        Optional<Integer> flag = number(header, "Flag");
        Optional<Integer> pnum = number(header, "PNUM");
        Optional<Integer> pno = number(header, "PNO");
        if (pnum.isPresent() && pnum.get() > 1) {
            quirks.add(Hj212Quirk.SPLIT_PACKET);
        }
        List<Hj212Packet.FactorItem> items = new ArrayList<>();
        Map<String, String> cpFields = new LinkedHashMap<>();
        String dataTime = null;
        for (String token : tokens(cpText)) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = token.substring(0, eq).trim();
            String value = token.substring(eq + 1).trim();
            int dash = key.lastIndexOf('-');
            if ("DataTime".equalsIgnoreCase(key)) {
                dataTime = value;
            } else if (dash > 0 && dash < key.length() - 1) {
                items.add(new Hj212Packet.FactorItem(
                        key.substring(0, dash).trim(),
                        canonicalSuffix(key.substring(dash + 1).trim()),
                        value));
            } else {
                cpFields.put(key, value);
            }
        }
        return new Hj212Packet(
                optional(header, "QN"),
                optional(header, "ST"),
                cn,
                optional(header, "PW"),
                mn,
                flag,
                pnum,
                pno,
                Map.copyOf(header),
                Optional.ofNullable(dataTime),
                List.copyOf(items),
                Map.copyOf(cpFields),
                quirks);
    }

    /** {@code rtd}, {@code RTD} → {@code Rtd}: devices vary the case of the standard's suffixes. */
    private static String canonicalSuffix(String suffix) {
        for (String known : KNOWN_SUFFIXES) {
            if (known.equalsIgnoreCase(suffix)) {
                return known;
            }
        }
        return suffix;
    }

    /** The text cut at every ';' and ',' (fields and items are separated by either), by hand: once per frame. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ';' || c == ',') {
                tokens.add(text.substring(start, i));
                start = i + 1;
            }
        }
        tokens.add(text.substring(start));
        return tokens;
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : tokens(text)) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(
                        token.substring(0, eq).trim(), token.substring(eq + 1).trim());
            }
        }
        return fields;
    }

    private static Optional<String> optional(Map<String, String> header, String key) {
        String value = header.get(key);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Integer> number(Map<String, String> header, String key) {
        String value = header.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
