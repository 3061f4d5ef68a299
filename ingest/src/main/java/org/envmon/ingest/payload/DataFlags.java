package org.envmon.ingest.payload;

import java.util.Locale;
import java.util.Optional;

/** HJ 212 data flags: 2017's N F M S D C T B and 2005's P (power failure). */
public final class DataFlags {
    public static final char NORMAL = 'N';
    private static final String KNOWN = "NFMSDCTBP";

    private DataFlags() {}

    public static Optional<Character> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.trim().toUpperCase(Locale.ROOT);
        if (text.length() != 1 || KNOWN.indexOf(text.charAt(0)) < 0) {
            return Optional.empty();
        }
        return Optional.of(text.charAt(0));
    }

    public static String known() {
        return String.join(", ", KNOWN.split(""));
    }
}
