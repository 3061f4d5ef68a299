package org.envmon.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.envmon.ingest.store.StationRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StationInputTest {
    private static final String DEFAULT_ZONE = "Asia/Shanghai";

    /** Parses a station where only the code is given, plus the one field under test. */
    private static StationRecord parse(
            String code, String kind, String lat, String lon, String targetClass, String timezone) {
        return StationInput.parse(code, null, kind, null, null, lat, lon, targetClass, timezone, DEFAULT_ZONE);
    }

    @Test
    void parse_allFieldsGiven_buildsRecord() {
        StationRecord station = StationInput.parse(
                " S01 ",
                " North bridge ",
                "River_Section",
                "Huai",
                "Bengbu",
                "32.95",
                "-117.38",
                "ii",
                "Asia/Urumqi",
                DEFAULT_ZONE);

        assertThat(station)
                .isEqualTo(new StationRecord(
                        "S01",
                        "North bridge",
                        "river_section",
                        "Huai",
                        "Bengbu",
                        32.95,
                        -117.38,
                        2,
                        "Asia/Urumqi",
                        true,
                        null,
                        null));
    }

    @Test
    void parse_onlyCode_appliesDefaults() {
        StationRecord station = StationInput.parse("S01", "", " ", null, "", null, "", null, "", DEFAULT_ZONE);

        assertThat(station)
                .isEqualTo(new StationRecord(
                        "S01", "S01", "unknown", null, null, null, null, null, DEFAULT_ZONE, true, null, null));
    }

    @ParameterizedTest
    @CsvSource({"I,1", "II,2", "III,3", "IV,4", "V,5", "1,1", "5,5", "iii,3"})
    void parse_targetClassRomanOrArabic_isAccepted(String raw, int expected) {
        assertThat(parse("S01", null, null, null, raw, null).targetClass()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-S01", "S 01", "S/01"})
    void parse_badCode_throwsNamingCode(String code) {
        assertThatThrownBy(() -> parse(code, null, null, null, null, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("code '" + code + "'");
    }

    @Test
    void parse_missingCode_throwsNamingCode() {
        assertThatThrownBy(() -> parse(null, null, null, null, null, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("code ''");
    }

    @Test
    void parse_tooLongCode_throwsNamingCode() {
        assertThatThrownBy(() -> parse("x".repeat(65), null, null, null, null, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("1–64");
    }

    @Test
    void parse_unknownKind_throwsListingKinds() {
        assertThatThrownBy(() -> parse("S01", "lake", null, null, null, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("kind 'lake'")
                .hasMessageContaining("river_section");
    }

    @Test
    void parse_latitude91_throwsNamingLatAndRange() {
        assertThatThrownBy(() -> parse("S01", null, "91", null, null, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("lat 91")
                .hasMessageContaining("-90 and 90");
    }

    @Test
    void parse_longitudeBeyond180_throwsNamingLon() {
        assertThatThrownBy(() -> parse("S01", null, null, "-180.5", null, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("lon -180.5")
                .hasMessageContaining("-180 and 180");
    }

    @Test
    void parse_coordinateLimits_areAccepted() {
        StationRecord station = parse("S01", null, "-90", "180", null, null);

        assertThat(station.lat()).isEqualTo(-90.0);
        assertThat(station.lon()).isEqualTo(180.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"north", "NaN", "Infinity"})
    void parse_nonNumericOrNonFiniteLatitude_throwsNamingLat(String lat) {
        assertThatThrownBy(() -> parse("S01", null, lat, null, null, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("lat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VI", "0", "6", "A"})
    void parse_targetClassOutsideOneToFive_throwsNamingTargetClass(String targetClass) {
        assertThatThrownBy(() -> parse("S01", null, null, null, targetClass, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("target_class '" + targetClass + "'");
    }

    @Test
    void parse_unknownTimezone_throwsNamingTimezone() {
        assertThatThrownBy(() -> parse("S01", null, null, null, null, "Mars/Olympus"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("timezone 'Mars/Olympus'");
    }

    @Test
    void parse_blankTimezone_usesDefaultTimezone() {
        assertThat(StationInput.parse("S01", null, null, null, null, null, null, null, "  ", "Europe/Berlin")
                        .timezone())
                .isEqualTo("Europe/Berlin");
    }
}
