package org.envmon.ingest.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.service.ScaleOutService;
import org.envmon.ingest.testing.KafkaTestCluster;
import org.envmon.ingest.testing.LoadPublisher;
import org.envmon.ingest.testing.StoppablePostgres;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.ZeroLoss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults of the parts a scale-out deployment leans on, under QoS 1 load from reconnecting MQTT
 * stations: one Kafka broker stopped, all of Kafka down, the database down behind a running Kafka.
 * Outages last {@code -Denvmon.kafka.outage.seconds} (30 s by default). Each test has topics of its
 * own on the shared brokers.
 */
class KafkaFaultsIT {
    private static final Logger log = LoggerFactory.getLogger(KafkaFaultsIT.class);
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("envmon.kafka.outage.seconds", 30));
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static KafkaTestCluster kafka;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private EnvmonConfig config(String topics, String dbUrl, String user, String password) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DATA_DIR", dataDir.toString());
        env.put("ENVMON_DB_URL", dbUrl);
        env.put("ENVMON_DB_USER", user);
        env.put("ENVMON_DB_PASSWORD", password);
        env.put("ENVMON_DB_CONNECT_TIMEOUT", "1s");
        env.put("ENVMON_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("ENVMON_KAFKA_READINGS_TOPIC", topics + ".readings");
        env.put("ENVMON_KAFKA_REJECTIONS_TOPIC", topics + ".rejections");
        env.put("ENVMON_KAFKA_DIRECTORY_TOPIC", topics + ".directory");
        env.put("ENVMON_KAFKA_GROUP_ID", topics + "-writers");
        env.put("ENVMON_KAFKA_PARTITIONS", "4");
        env.put("ENVMON_KAFKA_DELIVERY_TIMEOUT", "5s");
        env.put("ENVMON_KAFKA_STARTUP_WAIT", "60s");
        env.put("ENVMON_STATIONS_REFRESH_INTERVAL", "1s");
        env.put("ENVMON_UNKNOWN_STATIONS", "register");
        env.put("ENVMON_MQTT_ALLOW_ANONYMOUS", "true");
        env.put("ENVMON_MQTT_HOST", "127.0.0.1");
        env.put("ENVMON_MQTT_PORT", "0");
        env.put("ENVMON_HTTP_HOST", "127.0.0.1");
        env.put("ENVMON_HTTP_PORT", "0");
        env.put("ENVMON_LIMITS_STATION_MESSAGES_PER_SECOND", "1000000");
        env.put("ENVMON_LIMITS_STATION_BURST", "1000000");
        env.put("ENVMON_SHUTDOWN_TIMEOUT", "10s");
        return EnvmonConfig.load(null, env);
    }

    private EnvmonConfig config(String topics) {
        return config(topics, TestPostgres.newDatabase(topics), TestPostgres.user(), TestPostgres.password());
    }

    @Test
    void oneBrokerStopped_underLoad_acknowledgementsContinue_andEveryAcknowledgedReadingStoredOnce() throws Exception {
        EnvmonConfig config = config("broker_stop");
        try (ScaleOutService writer = ScaleOutService.start(config, ScaleOutService.Role.WRITER);
                ScaleOutService edge = ScaleOutService.start(config, ScaleOutService.Role.EDGE)) {
            LoadPublisher load = new LoadPublisher(() -> "tcp://127.0.0.1:" + edge.mqttPort(), "KBS", 4).start();
            await().atMost(WAIT).until(() -> load.acknowledgedCount() >= 200);
            kafka.stopBroker(1);
            int ackedAtStop = load.acknowledgedCount();
            // Two of three copies are still min.insync.replicas: Kafka, and so the edge, keep acknowledging.
            await().atMost(WAIT).until(() -> load.acknowledgedCount() >= ackedAtStop + 300);
            kafka.startBroker(1);
            kafka.awaitFullyReplicated("broker_stop.readings", WAIT);
            int ackedAtRestart = load.acknowledgedCount();
            await().atMost(WAIT).until(() -> load.acknowledgedCount() >= ackedAtRestart + 200);
            load.close();
            verify("one broker stopped", config, load);
            assertThat(edge.registry()
                            .find("kafka.producer.request.latency.avg")
                            .gauge())
                    .as("the edge's Kafka producer figures on /metrics")
                    .isNotNull()
                    .satisfies(latency -> assertThat(latency.value()).isPositive());
        }
    }

    @Test
    void kafkaDown_edgeStopsAcknowledging_andRecoversByItself_withNothingLost() throws Exception {
        EnvmonConfig config = config("kafka_down");
        try (ScaleOutService all = ScaleOutService.start(config, ScaleOutService.Role.ALL)) {
            LoadPublisher load = new LoadPublisher(() -> "tcp://127.0.0.1:" + all.mqttPort(), "KKD", 4).start();
            await().atMost(WAIT).until(() -> load.acknowledgedCount() >= 200);
            kafka.stopAllBrokers();
            long stoppedAt = System.nanoTime();
            await().atMost(WAIT).until(() -> !all.health().isUp());
            HealthReport down = all.health();
            log.info("Health while Kafka is down: {} ({})", down.status(), down.kafka());
            assertThat(down.kafka().reachable() && down.kafka().taking()).isFalse();
            int ackedWhileDown = load.acknowledgedCount();
            await().during(OUTAGE.minusNanos(System.nanoTime() - stoppedAt).minusSeconds(1))
                    .atMost(OUTAGE.plusSeconds(30))
                    .until(() -> load.acknowledgedCount() == ackedWhileDown);
            kafka.startAllBrokers();
            await().atMost(WAIT).until(() -> all.health().isUp());
            await().atMost(WAIT).until(() -> load.acknowledgedCount() >= ackedWhileDown + 300);
            load.close();
            log.info(
                    "Kafka down {} s: {} acknowledged before, {} after recovery, {} failed attempts",
                    OUTAGE.toSeconds(),
                    ackedWhileDown,
                    load.acknowledgedCount() - ackedWhileDown,
                    load.failures());
            verify("Kafka down", config, load);
        }
    }

    @Test
    void databaseDown_behindRunningKafka_edgesKeepAcknowledging_writerCatchesUp() throws Exception {
        try (StoppablePostgres postgres = new StoppablePostgres()) {
            EnvmonConfig config = config("db_down", postgres.jdbcUrl(), "postgres", "");
            try (ScaleOutService writer = ScaleOutService.start(config, ScaleOutService.Role.WRITER);
                    ScaleOutService edge = ScaleOutService.start(config, ScaleOutService.Role.EDGE)) {
                LoadPublisher load = new LoadPublisher(() -> "tcp://127.0.0.1:" + edge.mqttPort(), "KDB", 4).start();
                await().atMost(WAIT).until(() -> load.acknowledgedCount() >= 200);
                postgres.stop();
                long stoppedAt = System.nanoTime();
                int ackedAtStop = load.acknowledgedCount();
                await().atMost(WAIT)
                        .until(() -> HealthReport.WRITER_WAITING.equals(
                                writer.health().status()));
                await().during(OUTAGE.minusNanos(System.nanoTime() - stoppedAt).minusSeconds(1))
                        .atMost(OUTAGE.plusSeconds(30))
                        .until(() -> edge.health().isUp());
                int ackedDuringOutage = load.acknowledgedCount() - ackedAtStop;
                assertThat(ackedDuringOutage)
                        .as("acknowledgements while the database was down (Kafka holds them)")
                        .isGreaterThan(300);
                postgres.start();
                await().atMost(WAIT).until(() -> writer.health().isUp());
                load.close();
                log.info("Database down {} s: {} acknowledged meanwhile", OUTAGE.toSeconds(), ackedDuringOutage);
                verify("database down behind Kafka", config, load);
            }
        }
    }

    private static void verify(String fault, EnvmonConfig config, LoadPublisher load) throws Exception {
        try (Connection c = DriverManager.getConnection(
                config.database().url().orElseThrow(),
                config.database().user(),
                config.database().password())) {
            await().atMost(WAIT).until(() -> storedReadings(c, load.prefix()) >= 2L * load.acknowledgedCount());
            ZeroLoss.verify(fault, c, load);
        }
    }

    private static long storedReadings(Connection c, String prefix) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM reading r JOIN station st ON st.id = r.station_id WHERE st.code LIKE ?")) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
