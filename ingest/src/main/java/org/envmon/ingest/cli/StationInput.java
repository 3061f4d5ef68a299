package org.envmon.ingest.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.payload.TopicScheme;
import org.envmon.ingest.store.StationRecord;

/** Validates station fields typed by an operator (CLI options or CSV cells) into a {@link StationRecord}. */
final class StationInput {
    static final Set<String> KINDS = Set.of("river_section", "dust_site", "outfall", "air", "unknown");

    private StationInput() {}

    static StationRecord parse(
            String code,
            String name,
            String kind,
            String river,
            String township,
            String lat,
            String lon,
            String targetClass,
            String timezone,
            String defaultTimezone) {
        return parse(code, name, kind, river, township, lat, lon, targetClass, timezone, defaultTimezone, null, null);
    }

    static StationRecord parse(
            String code,
            String name,
            String kind,
            String river,
            String township,
            String lat,
            String lon,
            String targetClass,
            String timezone,
            String defaultTimezone,
            String hj212Password,
            String crcMode) {
        String trimmedCode = blankToNull(code);
        if (trimmedCode == null || !TopicScheme.isValidStationCode(trimmedCode)) {
            throw new InvalidInput("code '" + (code == null ? "" : code) + "' must be 1–64 letters, digits, '_',"
                    + " '.' or '-', starting with a letter or digit");
        }
        String kindValue = blankToNull(kind) == null ? "unknown" : kind.trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kindValue)) {
            throw new InvalidInput(
                    "kind '" + kind + "' must be one of river_section, dust_site, outfall, air," + " unknown");
        }
        String zone = blankToNull(timezone) == null ? defaultTimezone : timezone.trim();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInput("timezone '" + zone + "' is not a time zone id such as Asia/Shanghai");
        }
        return new StationRecord(
                trimmedCode,
                blankToNull(name) == null ? trimmedCode : name.trim(),
                kindValue,
                blankToNull(river),
                blankToNull(township),
                coordinate("lat", lat, 90),
                coordinate("lon", lon, 180),
                waterClass(targetClass),
                zone,
                true,
                password(hj212Password),
                crcMode(crcMode));
    }

    /** HJ 212 PW is 6 characters in the standard; accept 1–32 printable ASCII characters without separators. */
    private static String password(String raw) {
        String text = blankToNull(raw);
        if (text == null) {
            return null;
        }
        if (!text.matches("[\\x21-\\x7E&&[^;,=&]]{1,32}")) {
            throw new InvalidInput("hj212_password must be 1–32 printable ASCII characters without ; , = or &");
        }
        return text;
    }

    private static String crcMode(String raw) {
        String text = blankToNull(raw);
        if (text == null) {
            return null;
        }
        try {
            return CrcMode.fromLabel(text).label();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("crc_mode '" + raw + "' must be standard, modbus or off");
        }
    }

    private static Double coordinate(String field, String raw, double limit) {
        String text = blankToNull(raw);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value) || Math.abs(value) > limit) {
                throw new InvalidInput(field + " " + raw + " must be between -" + (int) limit + " and " + (int) limit);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInput(field + " '" + raw + "' is not a number");
        }
    }

    /** Accepts 1–5 or the Roman numerals I–V of GB 3838. */
    private static Integer waterClass(String raw) {
        String text = blankToNull(raw);
        if (text == null) {
            return null;
        }
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "1", "I" -> 1;
            case "2", "II" -> 2;
            case "3", "III" -> 3;
            case "4", "IV" -> 4;
            case "5", "V" -> 5;
            default -> throw new InvalidInput("target_class '" + raw + "' must be a GB 3838 class I–V (or 1–5)");
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
