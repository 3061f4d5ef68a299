package org.envmon.ingest.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A report's calendar month ({@code 2026-11}) or year ({@code 2026}) in the service's time zone. */
public record ReportPeriod(String label, boolean annual, Instant from, Instant to) {

    /** The period the text names, or empty when it names none. */
    public static Optional<ReportPeriod> parse(String text, ZoneId zone) {
        try {
            if (text.matches("\\d{4}")) {
                Year year = Year.parse(text);
                return Optional.of(new ReportPeriod(
                        text,
                        true,
                        start(year.atDay(1), zone),
                        start(year.plusYears(1).atDay(1), zone)));
            }
            if (text.matches("\\d{4}-\\d{2}")) {
                YearMonth month = YearMonth.parse(text);
                return Optional.of(new ReportPeriod(
                        text,
                        false,
                        start(month.atDay(1), zone),
                        start(month.plusMonths(1).atDay(1), zone)));
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The month before the one {@code today} is in: the report staff usually want. */
    public static String previousMonth(LocalDate today) {
        return YearMonth.from(today).minusMonths(1).toString();
    }

    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }
}
