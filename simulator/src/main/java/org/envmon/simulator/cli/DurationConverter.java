package org.envmon.simulator.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Durations as people write them: 500ms, 30s, 5m, 2h (or ISO-8601 such as PT30S). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (30s, 5m)");
            };
        } catch (RuntimeException e) {
            if (e instanceof CommandLine.TypeConversionException t) {
                throw t;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (500ms, 30s, 5m, 2h)");
        }
    }
}
