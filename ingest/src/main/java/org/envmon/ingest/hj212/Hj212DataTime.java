package org.envmon.ingest.hj212;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code DataTime} of an HJ 212 data area, as the station's local time. */
final class Hj212DataTime {
    private static final Pattern SEPARATED_TIME =
            Pattern.compile("(\\d{4})[-/](\\d{2})[-/](\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,3})?");

    private Hj212DataTime() {}

    /**
     * {@code yyyyMMddHHmmss}, optionally followed by milliseconds; parsed by hand, as it is on every frame.
     * Some loggers write it with separators ({@code 2024-06-01 09:00:00}): accepted too.
     */
    static LocalDateTime parse(String text) {
        if (!startsWith14Digits(text)) {
            Matcher separated = SEPARATED_TIME.matcher(text);
            if (!separated.matches()) {
                throw new DateTimeException("not yyyyMMddHHmmss");
            }
            text = separated.group(1)
                    + separated.group(2)
                    + separated.group(3)
                    + separated.group(4)
                    + separated.group(5)
                    + separated.group(6);
        }
        return LocalDateTime.of(
                Integer.parseInt(text, 0, 4, 10),
                Integer.parseInt(text, 4, 6, 10),
                Integer.parseInt(text, 6, 8, 10),
                Integer.parseInt(text, 8, 10, 10),
                Integer.parseInt(text, 10, 12, 10),
                Integer.parseInt(text, 12, 14, 10));
    }

    private static boolean startsWith14Digits(String text) {
        if (text.length() < 14) {
            return false;
        }
        for (int i = 0; i < 14; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
