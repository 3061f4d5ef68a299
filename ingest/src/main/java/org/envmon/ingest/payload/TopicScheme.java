package org.envmon.ingest.payload;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ingest topic scheme {@code stations/{station}/readings}. */
public final class TopicScheme {
    public static final String PATTERN_TEXT = "stations/{station}/readings";
    private static final String STATION_CODE = "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}";
    private static final Pattern READINGS = Pattern.compile("stations/(" + STATION_CODE + ")/readings");
    private static final Pattern CODE = Pattern.compile(STATION_CODE);

    private TopicScheme() {}

    /** The station code of a readings topic, or empty when the topic is outside the scheme. */
    public static Optional<String> stationOf(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        Matcher m = READINGS.matcher(topic);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Station codes are 1–64 characters: letters, digits, '_', '.', '-', starting with a letter or digit. */
    public static boolean isValidStationCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }
}
