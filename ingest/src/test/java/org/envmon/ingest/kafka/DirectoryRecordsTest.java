package org.envmon.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.StationProfile;
import org.junit.jupiter.api.Test;

class DirectoryRecordsTest {
    @Test
    void station_roundTrip_keepsPasswordsAndCrcMode() throws IOException {
        StationProfile profile = new StationProfile(
                42, ZoneId.of("Asia/Urumqi"), Optional.of("123456"), CrcMode.MODBUS, Optional.of("$argon2id$v=19$x"));
        byte[] value = DirectoryRecords.station(profile);
        assertThat(DirectoryRecords.station(value)).isEqualTo(profile);
        assertThat(new String(value, StandardCharsets.UTF_8)).contains("\"crc\":\"modbus\"");
    }

    @Test
    void station_withoutSecrets_roundTrip() throws IOException {
        StationProfile profile = new StationProfile(7, ZoneId.of("Asia/Shanghai"), Optional.empty(), CrcMode.STANDARD);
        assertThat(DirectoryRecords.station(DirectoryRecords.station(profile))).isEqualTo(profile);
    }

    @Test
    void metric_roundTrip_withAliasesAndNoOldCode() throws IOException {
        Metric metric = new Metric((short) 9, "w21003", null, "氨氮", "mg/L", 3, List.of("nh3n", "NH3-N"));
        assertThat(DirectoryRecords.metric(DirectoryRecords.metric(metric))).isEqualTo(metric);
    }

    @Test
    void keys_nameTheirKind() {
        assertThat(DirectoryRecords.stationKey("S01")).isEqualTo("station/S01");
        assertThat(DirectoryRecords.metricKey((short) 3)).isEqualTo("metric/3");
    }

    @Test
    void station_missingField_refused() {
        assertThatThrownBy(() -> DirectoryRecords.station("{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'zone'");
    }
}
