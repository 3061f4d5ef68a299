package org.envmon.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parse_shortForms_returnMatchingDurations() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("10m")).contains(Duration.ofMinutes(10));
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("7d")).contains(Duration.ofDays(7));
    }

    @Test
    void parse_isoForm_returnsMatchingDuration() {
        assertThat(Durations.parse("PT5M")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("P2D")).contains(Duration.ofDays(2));
    }

    @Test
    void parse_surroundingAndInnerWhitespace_isTolerated() {
        assertThat(Durations.parse("  30 s ")).contains(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "ten minutes", "10", "10x", "-5s", "1.5h", "10M", "PT", "s"})
    void parse_garbage_returnsEmpty(String raw) {
        assertThat(Durations.parse(raw)).isEmpty();
    }

    @Test
    void format_wholeDaysSecondsAndMillis_useShortestUnit() {
        assertThat(Durations.format(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("600s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void toSqlInterval_daysAndSeconds_produceIntervalLiterals() {
        assertThat(Durations.toSqlInterval(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(Durations.toSqlInterval(Duration.ofHours(1))).isEqualTo("3600 seconds");
    }
}
