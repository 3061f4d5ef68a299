package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.service.EnvmonService;
import org.envmon.ingest.testing.LoadPublisher;
import org.envmon.ingest.testing.StoppablePostgres;
import org.envmon.ingest.testing.ZeroLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault 2: the database server stopped under sustained QoS 1 load, then started again. The spool
 * takes the load (acknowledgements keep coming), then drains. The outage lasts
 * {@code -Denvmon.outage.seconds} (15 s in the normal suite; the reliability figures use 60 s).
 */
class DatabaseOutageIT {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageIT.class);
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("envmon.outage.seconds", 15));

    @TempDir
    Path dataDir;

    static EnvmonConfig config(Path dataDir, String url) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DATA_DIR", dataDir.toString());
        env.put("ENVMON_DB_URL", url);
        env.put("ENVMON_DB_USER", "postgres");
        env.put("ENVMON_DB_PASSWORD", "");
        env.put("ENVMON_DB_CONNECT_TIMEOUT", "1s");
        env.put("ENVMON_SPOOL_COMMIT_TIMEOUT", "2s");
        env.put("ENVMON_MQTT_HOST", "127.0.0.1");
        env.put("ENVMON_MQTT_PORT", "0");
        env.put("ENVMON_HTTP_HOST", "127.0.0.1");
        env.put("ENVMON_HTTP_PORT", "0");
        env.put("ENVMON_UNKNOWN_STATIONS", "register");
        env.put("ENVMON_MQTT_ALLOW_ANONYMOUS", "true");
        env.put("ENVMON_LIMITS_STATION_MESSAGES_PER_SECOND", "1000000");
        env.put("ENVMON_LIMITS_STATION_BURST", "1000000");
        env.put("ENVMON_SHUTDOWN_TIMEOUT", "20s");
        return EnvmonConfig.load(null, env);
    }

    @Test
    void databaseStopped_underQos1Load_acksContinueFromSpoolAndEveryAckedReadingStoredOnce() throws Exception {
        try (StoppablePostgres postgres = new StoppablePostgres();
                EnvmonService service = EnvmonService.start(config(dataDir, postgres.jdbcUrl()))) {
            LoadPublisher load = new LoadPublisher(() -> "tcp://127.0.0.1:" + service.mqttPort(), "OUT", 4).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= 200);

            postgres.stop();
            long stoppedAt = System.nanoTime();
            int ackedAtStop = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> HealthReport.DEGRADED_SPOOLING.equals(
                            service.health().status()));
            int ackedAtSpool = load.acknowledgedCount();
            long spoolingSince = System.nanoTime();
            load.recordLatency(true);
            await().during(OUTAGE.minusNanos(System.nanoTime() - stoppedAt))
                    .atMost(OUTAGE.plusSeconds(10))
                    .until(() -> service.health().spool().spooling());
            load.recordLatency(false);
            double spoolingRate = (load.acknowledgedCount() - ackedAtSpool) * 1e9 / (System.nanoTime() - spoolingSince);
            int ackedDuringOutage = load.acknowledgedCount() - ackedAtStop;
            long spooledRecords = service.health().spool().records();
            assertThat(ackedDuringOutage)
                    .as("acknowledgements while the database was down")
                    .isGreaterThan(100);

            postgres.start();
            long restartedAt = System.nanoTime();
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> !service.health().spool().spooling());
            Duration recovery = Duration.ofNanos(System.nanoTime() - restartedAt);
            await().atMost(Duration.ofSeconds(30)).until(() -> service.health().isUp());
            int ackedAfterDrain = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= ackedAfterDrain + 100);
            load.close();
            assertThat(service.health().spool().bytes()).isZero();

            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
                ZeroLoss.verify("database stopped " + OUTAGE.toSeconds() + " s", c, load);
            }
            log.info(
                    "FIGURES outage={}s ackedDuringOutage={} spooledRecordsAtRestart={} drainTime={}ms "
                            + "redeliveries={} spoolingAckRate={}/s ackLatencyWhileSpooling p50={}ms p99={}ms",
                    OUTAGE.toSeconds(),
                    ackedDuringOutage,
                    spooledRecords,
                    recovery.toMillis(),
                    load.failures(),
                    Math.round(spoolingRate),
                    load.latencyPercentileMillis(50),
                    load.latencyPercentileMillis(99));
        }
    }
}
