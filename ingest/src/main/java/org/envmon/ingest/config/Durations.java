package org.envmon.ingest.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short duration forms used in configuration ({@code 500ms}, {@code 10m}, {@code 7d}) and ISO-8601. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    public static Optional<Duration> parse(String raw) {
        String text = raw.trim();
        Matcher m = SHORT.matcher(text);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return Optional.of(
                        switch (m.group(2)) {
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            case "h" -> Duration.ofHours(amount);
                            default -> Duration.ofDays(amount);
                        });
            }
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static String format(Duration d) {
        if (d.toMillis() % 86_400_000 == 0 && !d.isZero()) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    /** A PostgreSQL interval literal for a duration, e.g. {@code 7 days} or {@code 3600 seconds}. */
    public static String toSqlInterval(Duration d) {
        if (d.toMillis() % 86_400_000 == 0) {
            return d.toDays() + " days";
        }
        return d.toSeconds() + " seconds";
    }
}
