package org.envmon.simulator.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.envmon.simulator.catalog.StationKind;
import org.envmon.simulator.signal.Factor;
import org.envmon.simulator.signal.Observation;
import org.junit.jupiter.api.Test;

class JsonEncoderTest {
    private final JsonEncoder encoder = new JsonEncoder(ZoneId.of("Asia/Shanghai"));
    private final StationIdentity station = new StationIdentity("RS01", StationKind.RIVER_SECTION, "", false);

    @Test
    void encode_oneObservation_writesTheReadingDocumentWithOffsetAndNonNormalFlags() {
        String json = new String(encoder.encode(station, List.of(observation(250))), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo("{\"ts\":\"2024-06-01T10:00:00.250+08:00\",\"values\":{\"w01001\":7.6,"
                        + "\"a34002\":120},\"flags\":{\"w01001\":\"M\"}}");
    }

    @Test
    void encode_backlog_writesAnArray() {
        String json =
                new String(encoder.encode(station, List.of(observation(0), observation(1000))), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("[{\"ts\":\"2024-06-01T10:00:00.000+08:00\"")
                .contains("},{\"ts\":\"2024-06-01T10:00:01.000+08:00\"")
                .endsWith("}]");
    }

    private static Observation observation(long millis) {
        Map<Factor, Double> values = new LinkedHashMap<>();
        values.put(Factor.PH, 7.60);
        values.put(Factor.PM10, 120.0);
        return new Observation(
                Instant.parse("2024-06-01T02:00:00Z").plusMillis(millis), values, Map.of(Factor.PH, 'M'));
    }
}
