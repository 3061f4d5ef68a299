package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.episode.Fault;
import org.envmon.simulator.episode.FaultKind;
import org.envmon.simulator.load.LoadRunner;
import org.envmon.simulator.load.PayloadFormat;
import org.envmon.simulator.load.RunPlan;
import org.envmon.simulator.load.RunSummary;
import org.envmon.simulator.load.TransportKind;
import org.envmon.simulator.transport.MqttSettings;
import org.envmon.simulator.verify.Verifier;
import org.envmon.simulator.verify.VerifyResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator against a real service on embedded PostgreSQL: every acknowledged reading stored once. */
class SimulatorZeroLossIT {
    private static final int STATIONS = 20;
    private static final List<Station> STATION_LIST = Catalog.defaults().take(STATIONS);
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        // The simulator multiplexes its stations onto a few shared connections, as no real data logger does.
        service = TestService.start(
                "simulator",
                Map.of(
                        "ENVMON_UNKNOWN_STATIONS",
                        "register",
                        "ENVMON_HJ212_PORT",
                        "0",
                        "ENVMON_HJ212_ONE_STATION_PER_CONNECTION",
                        "false"));
        for (Station station : STATION_LIST) {
            // HJ 212 stations are known by their MN; registered up front as an operator would
            service.addStation(station.mn());
        }
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void run_mqttJsonQos1_everyAckedReadingStoredOnce() throws Exception {
        RunSummary summary = run(plan(PayloadFormat.JSON, TransportKind.MQTT, mqtt(3, 1), 40, Map.of()));
        assertZeroLoss(summary);
    }

    @Test
    void run_mqtt5Hj212Qos2_everyAckedReadingStoredOnce() throws Exception {
        RunSummary summary = run(plan(PayloadFormat.HJ212, TransportKind.MQTT, mqtt(5, 2), STATIONS, Map.of()));
        assertZeroLoss(summary);
    }

    @Test
    void run_hj212TcpWithAnswers_everyAnsweredReadingStoredOnce() throws Exception {
        RunSummary summary = run(plan(PayloadFormat.HJ212, TransportKind.HJ212_TCP, null, STATIONS, Map.of()));
        assertZeroLoss(summary);
    }

    @Test
    void run_stationOfflineThenBack_backlogStoredAtStationTimes() throws Exception {
        Station station = STATION_LIST.get(3);
        Instant now = Instant.now();
        Fault offline = new Fault(FaultKind.OFFLINE, now.minusSeconds(5), now.plusSeconds(3), 0);
        RunSummary summary = run(
                plan(PayloadFormat.JSON, TransportKind.MQTT, mqtt(3, 1), 40, Map.of(station.code(), List.of(offline))));
        assertZeroLoss(summary);
        assertThat(service.count(
                        "SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id "
                                + "WHERE s.code = ? AND r.received_at - r.time > interval '1 second'",
                        station.code()))
                .as("readings replayed from the backlog keep their measurement times")
                .isPositive();
    }

    private static RunSummary run(RunPlan plan) throws Exception {
        LoadRunner runner = new LoadRunner(plan, Clock.systemUTC(), null);
        RunSummary summary = runner.run();
        VerifyResult result = new Verifier(
                        service.jdbcUrl(), Optional.of(TestPostgres.user()), Optional.of(TestPostgres.password()))
                .verify(runner.ledger());
        return summary.withVerify(result);
    }

    private static void assertZeroLoss(RunSummary summary) {
        assertThat(summary.acked()).isEqualTo(summary.sent()).isPositive();
        VerifyResult result = summary.verify().orElseThrow();
        assertThat(result.expected()).isEqualTo(summary.ackedReadings()).isPositive();
        assertThat(result.missing()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.found()).isEqualTo(result.expected());
    }

    private static MqttSettings mqtt(int version, int qos) {
        return new MqttSettings(
                URI.create(service.mqttUri()),
                version,
                qos,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(10),
                60);
    }

    private static RunPlan plan(
            PayloadFormat format,
            TransportKind transport,
            MqttSettings mqtt,
            double rate,
            Map<String, List<Fault>> faults) {
        Optional<URI> tcp = transport == TransportKind.HJ212_TCP
                ? Optional.of(URI.create(
                        "tcp://127.0.0.1:" + service.service().hj212Port().orElseThrow()))
                : Optional.empty();
        return new RunPlan(
                STATION_LIST,
                rate,
                Optional.of(Duration.ofSeconds(4)),
                format,
                transport,
                mqtt,
                Optional.empty(),
                tcp,
                2,
                10,
                7,
                ZoneId.of("Asia/Shanghai"),
                Hj212Command.REAL_TIME,
                true,
                0.25,
                "123456",
                1,
                0,
                Map.of(),
                faults,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }
}
