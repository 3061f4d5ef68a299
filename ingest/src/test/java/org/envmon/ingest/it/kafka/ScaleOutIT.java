package org.envmon.ingest.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Cli;
import org.envmon.ingest.testing.KafkaTestCluster;
import org.envmon.ingest.testing.LoadPublisher;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.ServiceProcess;
import org.envmon.ingest.testing.WebhookReceiver;
import org.envmon.ingest.testing.ZeroLoss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-out deployment as an operator runs it: three Kafka brokers, a writer and two edges, each
 * edge and writer a process of its own (serve --role …), under QoS 1 load from MQTT stations that
 * reconnect to whichever edge answers. The writer and then an edge are killed (SIGKILL) mid-load and
 * started again; every acknowledged reading is stored exactly once and a threshold alert fires once.
 */
class ScaleOutIT {
    private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaTestCluster kafka;

    @TempDir
    Path work;

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

    private Map<String, String> common(String name) throws Exception {
        Map<String, String> env = new HashMap<>();
        Path dataDir = Files.createDirectories(work.resolve(name));
        env.put("ENVMON_DATA_DIR", dataDir.toString());
        env.put("ENVMON_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("ENVMON_KAFKA_STARTUP_WAIT", "60s");
        env.put("ENVMON_KAFKA_DELIVERY_TIMEOUT", "10s");
        env.put("ENVMON_KAFKA_PARTITIONS", "6");
        env.put("ENVMON_STATIONS_REFRESH_INTERVAL", "1s");
        env.put("ENVMON_UNKNOWN_STATIONS", "register");
        env.put("ENVMON_MQTT_ALLOW_ANONYMOUS", "true");
        env.put("ENVMON_MQTT_HOST", "127.0.0.1");
        env.put("ENVMON_HTTP_HOST", "127.0.0.1");
        env.put("ENVMON_HTTP_PORT", String.valueOf(ServiceProcess.freePort()));
        env.put("ENVMON_LIMITS_STATION_MESSAGES_PER_SECOND", "1000000");
        env.put("ENVMON_LIMITS_STATION_BURST", "1000000");
        env.put("ENVMON_SHUTDOWN_TIMEOUT", "10s");
        return env;
    }

    private static String rules(WebhookReceiver hook) {
        return "notifiers:\n"
                + "  - {id: ops, type: webhook, url: '" + hook.url("/hook") + "'}\n"
                + "rules:\n"
                + "  - id: nh3n-high\n"
                + "    metric: w21003\n"
                + "    condition: {above: 1.5}\n"
                + "    clear: 1.3\n"
                + "    severity: critical\n"
                + "    routes: [ops]\n";
    }

    @Test
    void writerAndEdgeKilledUnderLoad_everyAcknowledgedReadingStoredOnce_andAlertsFireOnce() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "scale-out-it"));
        try (WebhookReceiver hook = new WebhookReceiver("ok")) {
            Path rulesFile = work.resolve("rules.yaml");
            Files.writeString(rulesFile, rules(hook), StandardCharsets.UTF_8);
            Map<String, String> writerEnv = common("writer");
            Map<String, String> database = Cli.database("scale_out");
            writerEnv.putAll(database);
            writerEnv.put("ENVMON_ALERT_RULES", rulesFile.toString());
            Map<String, String> edge1Env = common("edge1");
            Map<String, String> edge2Env = common("edge2");
            edge1Env.put("ENVMON_MQTT_PORT", String.valueOf(ServiceProcess.freePort()));
            edge2Env.put("ENVMON_MQTT_PORT", String.valueOf(ServiceProcess.freePort()));
            List<String> edgeUris = List.of(
                    "tcp://127.0.0.1:" + edge1Env.get("ENVMON_MQTT_PORT"),
                    "tcp://127.0.0.1:" + edge2Env.get("ENVMON_MQTT_PORT"));

            ServiceProcess writer = new ServiceProcess("writer", writerEnv, logs, "serve", "--role", "writer");
            ServiceProcess edge1 = new ServiceProcess("edge1", edge1Env, logs, "serve", "--role", "edge");
            ServiceProcess edge2 = new ServiceProcess("edge2", edge2Env, logs, "serve", "--role", "edge");
            try (writer;
                    edge1;
                    edge2) {
                writer.start(START);
                edge1.start(START);
                edge2.start(START);
                JsonNode edgeHealth = new ObjectMapper().readTree(edge1.health());
                assertThat(edgeHealth.path("role").asText()).isEqualTo("edge");
                assertThat(edgeHealth.has("database"))
                        .as("an edge has no database")
                        .isFalse();
                assertThat(edgeHealth.path("kafka").path("brokers").asInt()).isEqualTo(KafkaTestCluster.BROKERS);

                AtomicInteger turn = new AtomicInteger();
                LoadPublisher load = new LoadPublisher(
                                () -> edgeUris.get(Math.floorMod(turn.getAndIncrement(), 2)), "KSO", 6)
                        .start();
                await().atMost(WAIT).until(() -> load.acknowledgedCount() >= 300);

                writer.kill();
                int ackedAtWriterKill = load.acknowledgedCount();
                // Kafka, not the writer, is "stored" now: edges go on acknowledging while no writer runs.
                await().atMost(WAIT).until(() -> load.acknowledgedCount() >= ackedAtWriterKill + 300);
                writer.start(START);

                edge1.kill();
                int ackedAtEdgeKill = load.acknowledgedCount();
                await().atMost(WAIT).until(() -> load.acknowledgedCount() >= ackedAtEdgeKill + 300);
                edge1.start(START);
                int ackedAtEdgeRestart = load.acknowledgedCount();
                await().atMost(WAIT).until(() -> load.acknowledgedCount() >= ackedAtEdgeRestart + 300);
                load.close();
                log.info(
                        "Load stopped after {} acknowledged messages ({} failed attempts)",
                        load.acknowledgedCount(),
                        load.failures());

                try (Connection c = Cli.connect(database)) {
                    await().atMost(WAIT).until(() -> storedReadings(c) >= 2L * load.acknowledgedCount());
                    ZeroLoss.Result result = ZeroLoss.verify("scale-out: writer and edge killed", c, load);
                    assertThat(result.lostReadings()).isZero();
                }

                publish(edgeUris.get(0), "KAL1", Payloads.recent(0), 1.0);
                publish(edgeUris.get(1), "KAL1", Payloads.recent(1), 2.2);
                await().atMost(WAIT).until(() -> hook.received().size() == 1);
                assertThat(hook.received()
                                .get(0)
                                .json()
                                .path("notice")
                                .path("event")
                                .asText())
                        .isEqualTo("firing");

                // A writer killed after the alert fired restores it from the database: no second firing.
                writer.kill();
                writer.start(START);
                publish(edgeUris.get(1), "KAL1", Payloads.recent(2), 2.4);
                publish(edgeUris.get(0), "KAL1", Payloads.recent(3), 1.2);
                await().atMost(WAIT).until(() -> hook.received().size() == 2);
                await().during(Duration.ofSeconds(2))
                        .atMost(WAIT)
                        .until(() -> hook.received().size() == 2);
                assertThat(hook.received().stream()
                                .map(r -> r.json().path("notice").path("event").asText())
                                .toList())
                        .containsExactly("firing", "resolved");
            }
        }
    }

    private static long storedReadings(Connection c) throws Exception {
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM reading r JOIN station st ON st.id = r.station_id WHERE st.code LIKE 'KSO%'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void publish(String uri, String station, Instant time, double value) throws Exception {
        MqttClient client = new MqttClient(uri, "alert-" + station + "-" + System.nanoTime(), new MemoryPersistence());
        client.connect(new MqttConnectOptions());
        client.publish(
                "stations/" + station + "/readings",
                Payloads.utf8("{\"ts\":\"" + time + "\",\"values\":{\"w21003\":" + value + "}}"),
                1,
                false);
        client.disconnect();
        client.close();
    }
}
