package org.envmon.ingest.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The common shape of a JSON reading's time, {@code 2026-11-29T08:00:00[.fraction](Z|+08:00)}, read
 * by hand: {@code OffsetDateTime.parse} costs more than the rest of an element's decoding. Answers
 * null for anything else (other ISO-8601 forms included), which then goes to the full parsers; what
 * it accepts, {@code OffsetDateTime.parse} accepts with the same instant.
 */
final class IsoOffsetTime {
    private static final int MAX_OFFSET_HOURS = 18;

    private IsoOffsetTime() {}

    static Instant parse(String text) {
        int length = text.length();
        if (length < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
                nanos = nanos * 10 + (text.charAt(position) - '0');
                position++;
            }
            int fractionDigits = position - start;
            if (fractionDigits == 0 || (position < length && isDigit(text.charAt(position)))) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(text, position);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** {@code Z} or {@code ±HH:MM} ending the text; Integer.MIN_VALUE for anything else. */
    private static int offsetSeconds(String text, int position) {
        int remaining = text.length() - position;
        if (remaining == 1 && text.charAt(position) == 'Z') {
            return 0;
        }
        if (remaining != 6 || text.charAt(position + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(position);
        int hours = digits(text, position + 1, 2);
        int minutes = digits(text, position + 4, 2);
        if ((sign != '+' && sign != '-') || hours < 0 || hours > MAX_OFFSET_HOURS || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        if (hours == MAX_OFFSET_HOURS && minutes != 0) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3_600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /** The non-negative number written by {@code count} digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
