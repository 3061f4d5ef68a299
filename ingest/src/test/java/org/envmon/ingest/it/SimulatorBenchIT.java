package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.envmon.simulator.bench.CopyCeiling;
import org.envmon.simulator.bench.IdleConnections;
import org.envmon.simulator.bench.ServiceMetrics;
import org.envmon.simulator.cli.SimulatorCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The simulator's benchmark against a real service and its database, small and short: it must
 * measure what it says (rows copied, connections held, acknowledged readings verified) and leave
 * the database as it found it. Speed itself is never asserted.
 */
class SimulatorBenchIT {
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("bench", Map.of("ENVMON_UNKNOWN_STATIONS", "register", "ENVMON_HJ212_PORT", "0"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void copyCeiling_copiesEveryRowThenRemovesItsStationsAndReadings() throws Exception {
        long readingsBefore = service.count("SELECT count(*) FROM reading");
        try (var connection = service.connect()) {
            CopyCeiling.Result result = new CopyCeiling(connection).measure(10, 8, 5);

            assertThat(result.rows()).isEqualTo(10 * 8 * 5);
            assertThat(result.rowsPerSecond()).isPositive();
        }
        assertThat(service.count("SELECT count(*) FROM station WHERE code LIKE 'BENCH-COPY-%'"))
                .isZero();
        assertThat(service.count("SELECT count(*) FROM reading")).isEqualTo(readingsBefore);
    }

    @Test
    void idleConnections_loggedInAndHeldAsTheServiceCountsThem() throws Exception {
        ServiceMetrics metrics = metrics();
        double before = metrics.scrape().connections();
        try (IdleConnections idle = new IdleConnections(
                List.of(new InetSocketAddress("127.0.0.1", service.service().mqttPort())),
                60,
                "bench-it-",
                Optional.empty(),
                Optional.empty())) {
            IdleConnections.Report opened = idle.open(50, Duration.ofSeconds(30));
            assertThat(opened.open()).isEqualTo(50);
            assertThat(opened.failed()).isZero();
            assertThat(opened.refused()).isZero();

            IdleConnections.Report held = idle.hold(Duration.ofSeconds(2), 50);
            assertThat(held.open()).isEqualTo(50);
            assertThat(held.closedByServer()).isZero();
            assertThat(metrics.scrape().connections()).isEqualTo(before + 50);
        }
    }

    @Test
    void idleConnections_refusedLoginsCountedByReturnCode() throws Exception {
        try (TestService closed = TestService.start("bench_refused", Map.of("ENVMON_MQTT_ALLOW_ANONYMOUS", "false"));
                IdleConnections idle = new IdleConnections(
                        List.of(new InetSocketAddress(
                                "127.0.0.1", closed.service().mqttPort())),
                        60,
                        "bench-it-",
                        Optional.empty(),
                        Optional.empty())) {
            IdleConnections.Report opened = idle.open(3, Duration.ofSeconds(30));

            assertThat(opened.open()).isZero();
            assertThat(opened.refusedByCode()).containsEntry(5, 3);
        }
    }

    @Test
    void benchCommand_saturatedAndHalfRate_everyAcknowledgedReadingVerified() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = SimulatorCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute(
                "bench",
                "--target",
                service.mqttUri(),
                "--metrics-url",
                metricsUrl().toString(),
                "--db-url",
                service.jdbcUrl(),
                "--db-user",
                TestPostgres.user(),
                "--db-password",
                TestPostgres.password(),
                "--stations",
                "50",
                "--connections",
                "2",
                "--inflight",
                "10",
                "--duration",
                "2s",
                "--warmup",
                "1s",
                "--ceiling-slots",
                "2");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(service.count("SELECT count(*) FROM station WHERE code LIKE 'BENCH-COPY-%'"))
                .isZero();
    }

    private static ServiceMetrics metrics() {
        return new ServiceMetrics(metricsUrl());
    }

    private static URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + service.service().httpPort() + "/metrics");
    }
}
