package org.envmon.ingest.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.kafka.StationPartitions;
import org.envmon.ingest.service.ScaleOutService;
import org.envmon.ingest.testing.Cli;
import org.envmon.ingest.testing.KafkaTestCluster;
import org.envmon.ingest.testing.LoadPublisher;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.WebhookReceiver;
import org.envmon.ingest.testing.ZeroLoss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers in one consumer group: each stores and alerts for the stations of its partitions only,
 * so a threshold alert and a no-data alert are notified once, not once per writer; when one writer
 * leaves, the other takes its stations over with their open alerts (no second firing, one resolved).
 */
class WriterGroupIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 4;
    private static final String GROUP = "group_it-writers";

    private static KafkaTestCluster kafka;

    @TempDir
    Path dir;

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

    private EnvmonConfig config(String dbUrl, Path rules) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DATA_DIR", dir.toString());
        env.put("ENVMON_DB_URL", dbUrl);
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        env.put("ENVMON_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("ENVMON_KAFKA_GROUP_ID", GROUP);
        env.put("ENVMON_KAFKA_PARTITIONS", String.valueOf(PARTITIONS));
        env.put("ENVMON_KAFKA_STARTUP_WAIT", "60s");
        env.put("ENVMON_STATIONS_REFRESH_INTERVAL", "1s");
        env.put("ENVMON_UNKNOWN_STATIONS", "register");
        env.put("ENVMON_MQTT_ALLOW_ANONYMOUS", "true");
        env.put("ENVMON_MQTT_HOST", "127.0.0.1");
        env.put("ENVMON_MQTT_PORT", "0");
        env.put("ENVMON_HTTP_HOST", "127.0.0.1");
        env.put("ENVMON_HTTP_PORT", "0");
        env.put("ENVMON_ALERT_RULES", rules.toString());
        env.put("ENVMON_ALERTING_RELOAD_INTERVAL", "1s");
        env.put("ENVMON_LIMITS_STATION_MESSAGES_PER_SECOND", "1000000");
        env.put("ENVMON_LIMITS_STATION_BURST", "1000000");
        return EnvmonConfig.load(null, env);
    }

    /** One station code on each readings partition, with {@code prefix}. */
    private static List<String> onEveryPartition(String prefix) {
        List<String> codes = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int i = 0; ; i++) {
                if (StationPartitions.partitionOf(prefix + i, PARTITIONS) == partition) {
                    codes.add(prefix + i);
                    break;
                }
            }
        }
        return codes;
    }

    @Test
    void twoWriters_shareStationsAndAlerts_andOneTakesOverTheOthersOpenAlerts() throws Exception {
        List<String> hot = onEveryPartition("HOT");
        List<String> silent = onEveryPartition("SIL");
        try (WebhookReceiver hook = new WebhookReceiver("ok")) {
            Path rules = dir.resolve("rules.yaml");
            Files.writeString(
                    rules,
                    "notifiers:\n"
                            + "  - {id: ops, type: webhook, url: '" + hook.url("/hook") + "'}\n"
                            + "rules:\n"
                            + "  - {id: nh3n-high, metric: w21003, condition: {above: 1.5}, clear: 1.3, routes: [ops]}\n"
                            + "  - {id: silent, condition: {noData: 6s}, scope: {stations: " + silent
                            + "}, routes: [ops]}\n",
                    StandardCharsets.UTF_8);
            String url = TestPostgres.newDatabase("writer_group");
            // Stations known before the writers start are watched by every writer's no-data rule unless
            // each keeps to the stations of its own partitions.
            Map<String, String> cli = Map.of(
                    "ENVMON_DB_URL", url,
                    "ENVMON_DB_USER", TestPostgres.user(),
                    "ENVMON_DB_PASSWORD", TestPostgres.password());
            assertThat(Cli.run(cli, "migrate").exit()).isZero();
            for (String station : silent) {
                assertThat(Cli.run(cli, "stations", "add", "--code", station).exit())
                        .isZero();
            }
            EnvmonConfig config = config(url, rules);
            ScaleOutService writerA = ScaleOutService.start(config, ScaleOutService.Role.WRITER);
            try (writerA;
                    ScaleOutService writerB = ScaleOutService.start(config, ScaleOutService.Role.WRITER);
                    ScaleOutService edge = ScaleOutService.start(config, ScaleOutService.Role.EDGE)) {
                await().atMost(WAIT)
                        .until(() -> readingsPartitionsPerMember().size() == 2
                                && readingsPartitionsPerMember().values().stream()
                                        .noneMatch(Set::isEmpty));
                String mqtt = "tcp://127.0.0.1:" + edge.mqttPort();

                LoadPublisher load = new LoadPublisher(() -> mqtt, "GRP", 6).start();
                for (String station : hot) {
                    publish(mqtt, station, Payloads.recent(0), 1.0);
                    publish(mqtt, station, Payloads.recent(1), 2.2);
                }
                await().atMost(WAIT).until(() -> hook.received().size() >= hot.size() + silent.size());
                await().during(Duration.ofSeconds(3))
                        .atMost(WAIT)
                        .until(() -> hook.received().size() == hot.size() + silent.size());
                Map<String, List<String>> events = events(hook);
                for (String station : hot) {
                    assertThat(events.get(station + " nh3n-high")).as(station).containsExactly("firing");
                }
                for (String station : silent) {
                    assertThat(events.get(station + " silent")).as(station).containsExactly("firing");
                }

                // One owner per station: neither writer tried to open an alert the other holds open.
                assertThat(alertWriteFailures(writerA)).isZero();
                assertThat(alertWriteFailures(writerB)).isZero();

                writerA.close();
                await().atMost(WAIT)
                        .until(() -> readingsPartitionsPerMember().size() == 1
                                && readingsPartitionsPerMember()
                                                .values()
                                                .iterator()
                                                .next()
                                                .size()
                                        == PARTITIONS);
                for (String station : hot) {
                    publish(mqtt, station, Payloads.recent(2), 2.5);
                    publish(mqtt, station, Payloads.recent(3), 1.0);
                }
                for (String station : silent) {
                    publish(mqtt, station, Payloads.recent(4), 1.0);
                }
                int expected = 2 * (hot.size() + silent.size());
                await().atMost(WAIT).until(() -> hook.received().size() >= expected);
                await().during(Duration.ofSeconds(3))
                        .atMost(WAIT)
                        .until(() -> hook.received().size() == expected);
                Map<String, List<String>> after = events(hook);
                for (String station : hot) {
                    assertThat(after.get(station + " nh3n-high")).as(station).containsExactly("firing", "resolved");
                }
                for (String station : silent) {
                    assertThat(after.get(station + " silent")).as(station).containsExactly("firing", "resolved");
                }
                assertThat(alertWriteFailures(writerB)).as("after the takeover").isZero();
                load.close();
                try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password())) {
                    await().atMost(WAIT).until(() -> {
                        try (var s = c.createStatement();
                                var rs = s.executeQuery("SELECT count(*) FROM reading r JOIN station st"
                                        + " ON st.id = r.station_id WHERE st.code LIKE 'GRP%'")) {
                            rs.next();
                            return rs.getLong(1) >= 2L * load.acknowledgedCount();
                        }
                    });
                    ZeroLoss.verify("writer left the group", c, load);
                }
            }
        }
    }

    private static double alertWriteFailures(ScaleOutService writer) {
        return writer.registry()
                .get("envmon_alerting_write_failures")
                .functionCounter()
                .count();
    }

    /** Alert events per "station rule", in the order notified. */
    private static Map<String, List<String>> events(WebhookReceiver hook) {
        Map<String, List<String>> events = new TreeMap<>();
        for (WebhookReceiver.Received received : hook.received()) {
            var notice = received.json().path("notice");
            events.computeIfAbsent(
                            notice.path("stationCode").asText() + " "
                                    + notice.path("ruleId").asText(),
                            k -> new ArrayList<>())
                    .add(notice.path("event").asText());
        }
        return events;
    }

    private static Map<String, Set<Integer>> readingsPartitionsPerMember() throws Exception {
        try (Admin admin = kafka.admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP))
                    .describedGroups()
                    .get(GROUP)
                    .get(10, TimeUnit.SECONDS);
            Map<String, Set<Integer>> owned = new HashMap<>();
            for (MemberDescription member : group.members()) {
                owned.put(
                        member.consumerId(),
                        member.assignment().topicPartitions().stream()
                                .filter(p -> p.topic().equals("envmon.readings"))
                                .map(TopicPartition::partition)
                                .collect(java.util.stream.Collectors.toSet()));
            }
            return owned;
        }
    }

    private static void publish(String uri, String station, Instant time, double value) throws Exception {
        MqttClient client = new MqttClient(uri, "grp-" + station + "-" + System.nanoTime(), new MemoryPersistence());
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
