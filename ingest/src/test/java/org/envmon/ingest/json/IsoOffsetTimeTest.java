package org.envmon.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written reader agrees with {@code OffsetDateTime.parse} wherever it answers. */
class IsoOffsetTimeTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-29T08:00:00+08:00",
                "2026-11-29T08:00:00Z",
                "2026-11-29T08:00:00.5Z",
                "2026-11-29T08:00:00.123456789-03:30",
                "2024-02-29T23:59:59+14:00",
                "1999-12-31T23:59:59.999-12:00",
                "2026-01-01T00:00:00+18:00",
                "2026-01-01T00:00:00-18:00",
                "0001-01-01T00:00:00Z"
            })
    void commonShapes_sameInstantAsOffsetDateTime(String text) {
        assertThat(IsoOffsetTime.parse(text))
                .isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-29T08:00:00Z",
                "2026-11-31T08:00:00Z",
                "2026-13-01T08:00:00Z",
                "2026-11-29T24:00:00Z",
                "2026-11-29T08:60:00Z",
                "2026-11-29T08:00:60Z",
                "2026-11-29T08:00:00+18:30",
                "2026-11-29T08:00:00+08",
                "2026-11-29T08:00:00+0800",
                "2026-11-29T08:00:00.Z",
                "2026-11-29T08:00:00.1234567891Z",
                "2026-11-29T08:00Z",
                "2026-11-29 08:00:00Z",
                "2026-11-29T08:00:00",
                "2026-11-29t08:00:00z",
                "+2026-11-29T08:00:00Z",
                "2026-1a-29T08:00:00Z",
                "2026-11-29T08:00:00+08:00[Asia/Shanghai]"
            })
    void otherShapes_leftToTheFullParser(String text) {
        assertThat(IsoOffsetTime.parse(text)).isNull();
    }

    @Test
    void randomTimes_agreeWithOffsetDateTimeOrDeclined() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 20_000; i++) {
            String text = randomTime(random);
            Instant fast = IsoOffsetTime.parse(text);
            Instant full;
            try {
                full = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                full = null;
            }
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(full);
            }
            if (full != null && text.length() >= 20 && text.charAt(16) == ':' && text.endsWith("Z")) {
                assertThat(fast).as("declined a plain UTC time: " + text).isNotNull();
            }
        }
    }

    private static String randomTime(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d",
                random.nextInt(1900, 2100),
                random.nextInt(0, 14),
                random.nextInt(0, 33),
                random.nextInt(0, 25),
                random.nextInt(0, 61),
                random.nextInt(0, 61)));
        int fraction = random.nextInt(0, 11);
        if (fraction > 0) {
            s.append('.');
            for (int i = 0; i < fraction; i++) {
                s.append(random.nextInt(10));
            }
        }
        if (random.nextBoolean()) {
            s.append('Z');
        } else {
            s.append(random.nextBoolean() ? '+' : '-')
                    .append(String.format("%02d:%02d", random.nextInt(0, 20), random.nextInt(0, 61)));
        }
        return s.toString();
    }
}
