package org.envmon.ingest.payload;

import java.util.Optional;

/** The ingest topic scheme {@code stations/{station}/readings}. */
public final class TopicScheme {
    public static final String PATTERN_TEXT = "stations/{station}/readings";
    private static final String PREFIX = "stations/";
    private static final String SUFFIX = "/readings";
    private static final int MAX_CODE_LENGTH = 64;

    private TopicScheme() {}

    /** The station code of a readings topic, or empty when the topic is outside the scheme. */
    public static Optional<String> stationOf(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        if (!topic.startsWith(PREFIX) || !topic.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        int end = topic.length() - SUFFIX.length();
        if (end <= PREFIX.length()) {
            return Optional.empty();
        }
        String code = topic.substring(PREFIX.length(), end);
        return isValidStationCode(code) ? Optional.of(code) : Optional.empty();
    }

    /** Station codes are 1–64 characters: letters, digits, '_', '.', '-', starting with a letter or digit. */
    public static boolean isValidStationCode(String code) {
        // by hand, not a regular expression: this runs for every message
        if (code == null || code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            boolean letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean allowed = letterOrDigit || (i > 0 && (c == '_' || c == '.' || c == '-'));
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
