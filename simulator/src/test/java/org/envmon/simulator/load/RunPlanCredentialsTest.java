package org.envmon.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.transport.MqttSettings;
import org.envmon.simulator.transport.StationCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlanCredentialsTest {
    private static final List<Station> STATIONS = Catalog.defaults().take(6);
    private static final MqttSettings ANONYMOUS = new MqttSettings(
            URI.create("tcp://127.0.0.1:1883"),
            3,
            1,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(10),
            60);

    @TempDir
    Path dir;

    private StationCredentials credentials(List<String> codes) throws IOException {
        Path file = dir.resolve("logins.csv");
        Files.writeString(
                file,
                "code,password\n"
                        + codes.stream()
                                .map(code -> code + ",pw-" + code + "\n")
                                .collect(Collectors.joining()));
        return StationCredentials.load(file);
    }

    private static RunPlan plan(
            PayloadFormat format,
            TransportKind transport,
            MqttSettings mqtt,
            Optional<StationCredentials> credentials,
            double dialect2005Share) {
        return new RunPlan(
                STATIONS,
                STATIONS.size(),
                Optional.of(Duration.ofSeconds(1)),
                format,
                transport,
                mqtt,
                credentials,
                transport == TransportKind.HJ212_TCP
                        ? Optional.of(URI.create("tcp://127.0.0.1:9212"))
                        : Optional.empty(),
                4,
                10,
                1,
                ZoneId.of("Asia/Shanghai"),
                Hj212Command.REAL_TIME,
                true,
                dialect2005Share,
                "123456",
                0,
                0,
                Map.of(),
                Map.of(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    @Test
    void links_withCredentials_oneConnectionPerStationLoggedInAsThatStation() throws IOException {
        List<String> codes = STATIONS.stream().map(Station::code).toList();
        RunPlan plan = plan(PayloadFormat.JSON, TransportKind.MQTT, ANONYMOUS, Optional.of(credentials(codes)), 0);
        assertThat(plan.links()).isEqualTo(STATIONS.size());
        for (int i = 0; i < STATIONS.size(); i++) {
            MqttSettings link = plan.mqttOfLink(i);
            assertThat(link.username()).contains(codes.get(i));
            assertThat(new String(link.password().orElseThrow())).isEqualTo("pw-" + codes.get(i));
            assertThat(link.target()).isEqualTo(ANONYMOUS.target());
        }
    }

    @Test
    void links_withoutCredentials_sharedConnectionsWithTheCommonLogin() {
        RunPlan plan = plan(PayloadFormat.JSON, TransportKind.MQTT, ANONYMOUS, Optional.empty(), 0);
        assertThat(plan.links()).isEqualTo(4);
        assertThat(plan.mqttOfLink(3)).isSameAs(ANONYMOUS);
    }

    @Test
    void plan_stationMissingFromCredentials_refusedBeforeAnyConnectionNamingIt() throws IOException {
        StationCredentials partial = credentials(List.of(
                STATIONS.get(0).code(),
                STATIONS.get(2).code(),
                STATIONS.get(3).code(),
                STATIONS.get(5).code()));
        assertThatThrownBy(() -> plan(PayloadFormat.JSON, TransportKind.MQTT, ANONYMOUS, Optional.of(partial), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 station(s)")
                .hasMessageContaining(
                        STATIONS.get(1).code() + ", " + STATIONS.get(4).code())
                .hasMessageNotContaining(STATIONS.get(0).code());
    }

    @Test
    void plan_hj212OverMqtt_loginsAreTheMnsIncluding2005Loggers() throws IOException {
        RunPlan probe = plan(PayloadFormat.HJ212, TransportKind.MQTT, ANONYMOUS, Optional.empty(), 0.5);
        List<String> wireCodes =
                IntStream.range(0, STATIONS.size()).mapToObj(probe::wireCode).toList();
        assertThat(wireCodes).anyMatch(code -> code.length() == 14).anyMatch(code -> code.length() == 24);
        StationCredentials byCode =
                credentials(STATIONS.stream().map(Station::code).toList());
        assertThatThrownBy(() -> plan(PayloadFormat.HJ212, TransportKind.MQTT, ANONYMOUS, Optional.of(byCode), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(STATIONS.size() + " station(s)")
                .hasMessageContaining(wireCodes.get(0));
        RunPlan plan =
                plan(PayloadFormat.HJ212, TransportKind.MQTT, ANONYMOUS, Optional.of(credentials(wireCodes)), 0.5);
        for (int i = 0; i < STATIONS.size(); i++) {
            assertThat(plan.mqttOfLink(i).username()).contains(wireCodes.get(i));
        }
    }

    @Test
    void plan_credentialsWithCommonLoginOrOverHj212Tcp_refused() throws IOException {
        StationCredentials all =
                credentials(STATIONS.stream().map(Station::code).toList());
        MqttSettings common = new MqttSettings(
                ANONYMOUS.target(),
                3,
                1,
                Optional.of("RS01"),
                Optional.of("secret".toCharArray()),
                Optional.empty(),
                Duration.ofSeconds(10),
                60);
        assertThatThrownBy(() -> plan(PayloadFormat.JSON, TransportKind.MQTT, common, Optional.of(all), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--username/--password");
        assertThatThrownBy(() -> plan(PayloadFormat.HJ212, TransportKind.HJ212_TCP, null, Optional.of(all), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hj212-tcp");
    }
}
