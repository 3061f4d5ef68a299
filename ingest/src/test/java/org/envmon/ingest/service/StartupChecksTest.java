package org.envmon.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.config.EnvmonConfig;
import org.junit.jupiter.api.Test;

class StartupChecksTest {
    private static final Map<String, StationProfile> STATIONS = Map.of(
            "WITHPW", new StationProfile(1, ZoneOffset.UTC, Optional.of("123456"), CrcMode.STANDARD),
            "NOPW1", new StationProfile(2, ZoneOffset.UTC, Optional.empty(), CrcMode.STANDARD),
            "NOPW2", new StationProfile(3, ZoneOffset.UTC, Optional.empty(), CrcMode.STANDARD));

    private static EnvmonConfig config(Map<String, String> settings) {
        return EnvmonConfig.load(null, settings);
    }

    @Test
    void hj212Passwords_listenerOnAndStationsWithoutPw_warnsNamingThem() {
        assertThat(StartupChecks.hj212Passwords(config(Map.of("ENVMON_HJ212_PORT", "9212")), STATIONS))
                .singleElement()
                .asString()
                .startsWith("2 active station(s) have no HJ 212 password")
                .contains("NOPW1, NOPW2")
                .doesNotContain("WITHPW");
    }

    @Test
    void hj212Passwords_registerPolicy_warnsThatRegisteredStationsAreRefused() {
        assertThat(StartupChecks.hj212Passwords(
                        config(Map.of("ENVMON_HJ212_PORT", "9212", "ENVMON_UNKNOWN_STATIONS", "register")), Map.of()))
                .singleElement()
                .asString()
                .contains("ingest.unknownStations=register");
    }

    @Test
    void hj212Passwords_noHj212ListenerOrRequirementOff_silent() {
        assertThat(StartupChecks.hj212Passwords(config(Map.of()), STATIONS)).isEmpty();
        assertThat(StartupChecks.hj212Passwords(
                        config(Map.of("ENVMON_HJ212_PORT", "9212", "ENVMON_HJ212_REQUIRE_PASSWORD", "false")),
                        STATIONS))
                .isEmpty();
    }

    @Test
    void hj212Passwords_manyStations_namesTenAndCountsTheRest() {
        Map<String, StationProfile> many = new HashMap<>();
        for (int i = 0; i < 25; i++) {
            many.put(
                    String.format("S%02d", i),
                    new StationProfile(i, ZoneOffset.UTC, Optional.empty(), CrcMode.STANDARD));
        }
        assertThat(StartupChecks.hj212Passwords(config(Map.of("ENVMON_HJ212_PORT", "9212")), many))
                .singleElement()
                .asString()
                .contains("S09 and 15 more")
                .doesNotContain("S10");
    }

    @Test
    void fileDescriptors_limitBelowConnectionsPlusReserve_warnsWithTheNumbers() {
        assertThat(StartupChecks.fileDescriptors(50_000, 20_000))
                .singleElement()
                .asString()
                .contains("20000", "50000", "ulimit -n 50256", "beyond about 19744");
    }

    @Test
    void fileDescriptors_enoughOrUnknown_noWarning() {
        assertThat(StartupChecks.fileDescriptors(50_000, 50_256)).isEmpty();
        assertThat(StartupChecks.fileDescriptors(10_000, 1_048_576)).isEmpty();
        assertThat(StartupChecks.fileDescriptors(50_000, -1)).isEmpty();
    }
}
