package org.envmon.ingest.payload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicSchemeTest {

    @Test
    void stationOf_readingsTopic_returnsStationCode() {
        assertThat(TopicScheme.stationOf("stations/S01/readings")).contains("S01");
    }

    @Test
    void stationOf_codeWithAllowedPunctuation_returnsStationCode() {
        assertThat(TopicScheme.stationOf("stations/river_01.a-2/readings")).contains("river_01.a-2");
    }

    @Test
    void stationOf_sixtyFourCharCode_returnsStationCode() {
        String code = "A".repeat(64);

        assertThat(TopicScheme.stationOf("stations/" + code + "/readings")).contains(code);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "stations/S01/readings/extra",
                "stations/S01/sub/readings",
                "/stations/S01/readings",
                "stations/S01/readings/",
                "stations/S01",
                "stations/+/readings",
                "stations/#/readings",
                "stations/S+1/readings",
                "stations//readings",
                "stations/-S01/readings",
                "stations/.S01/readings",
                "Stations/S01/readings",
                "stations/S01/Readings",
                "stations/S 01/readings",
                ""
            })
    void stationOf_topicOutsideScheme_returnsEmpty(String topic) {
        assertThat(TopicScheme.stationOf(topic)).isEmpty();
    }

    @Test
    void stationOf_sixtyFiveCharCode_returnsEmpty() {
        assertThat(TopicScheme.stationOf("stations/" + "A".repeat(65) + "/readings"))
                .isEmpty();
    }

    @Test
    void stationOf_null_returnsEmpty() {
        assertThat(TopicScheme.stationOf(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"S01", "1", "a.b_c-d", "0123456789"})
    void isValidStationCode_wellFormedCode_returnsTrue(String code) {
        assertThat(TopicScheme.isValidStationCode(code)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-S01", "_S01", "S 01", "S/01", "S+", "S#", "站点1", " S01"})
    void isValidStationCode_malformedCode_returnsFalse(String code) {
        assertThat(TopicScheme.isValidStationCode(code)).isFalse();
    }

    @Test
    void isValidStationCode_lengthLimit_is64() {
        assertThat(TopicScheme.isValidStationCode("x".repeat(64))).isTrue();
        assertThat(TopicScheme.isValidStationCode("x".repeat(65))).isFalse();
    }
}
