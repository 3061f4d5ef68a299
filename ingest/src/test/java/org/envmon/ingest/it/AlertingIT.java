package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MQTT publish → commit → alert engine → a real webhook receiver, on real PostgreSQL. */
class AlertingIT {
    private static final String SECRET = "s3cret";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private WebhookReceiver hook;
    private Path rules;

    @BeforeEach
    void setUp() throws Exception {
        hook = new WebhookReceiver("ok");
        rules = dir.resolve("rules.yaml");
        Files.writeString(rules, rulesYaml(""));
    }

    @AfterEach
    void tearDown() {
        hook.close();
    }

    private String rulesYaml(String extraRule) {
        return "notifiers:\n"
                + "  - {id: ops, type: webhook, url: '" + hook.url("/hook") + "', secret: " + SECRET + "}\n"
                + "rules:\n"
                + "  - id: nh3n-high\n"
                + "    metric: w21003\n"
                + "    condition: {above: 1.5}\n"
                + "    clear: 1.3\n"
                + "    severity: critical\n"
                + "    routes: [ops]\n"
                + extraRule;
    }

    private static final String API_TOKEN = "alerting-it-token-42";

    private static HttpRequest.Builder api(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + API_TOKEN);
    }

    private TestService start(String url) throws Exception {
        Map<String, String> env = Map.of(
                "ENVMON_ALERT_RULES",
                rules.toString(),
                "ENVMON_ALERTING_LANGUAGE",
                "en",
                "ENVMON_ALERTING_RELOAD_INTERVAL",
                "200ms",
                "ENVMON_ALERTING_NOTIFY_BACKOFF",
                "50ms",
                "ENVMON_HTTP_API_TOKEN",
                API_TOKEN);
        return url == null ? TestService.start("alerting", env) : TestService.startOn(url, env);
    }

    private static void publish(TestService envmon, String station, Instant time, String metric, double value)
            throws Exception {
        MqttClient client =
                new MqttClient(envmon.mqttUri(), "alert-" + station + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        client.publish(
                "stations/" + station + "/readings",
                Payloads.utf8("{\"ts\":\"" + time + "\",\"values\":{\"" + metric + "\":" + value + "}}"),
                1,
                false);
        client.disconnect();
        client.close();
    }

    private List<String> events() {
        return hook.received().stream()
                .map(r -> r.json().path("notice").path("event").asText())
                .toList();
    }

    @Test
    void publish_crossingThenClearing_oneSignedFiringAndOneResolved() throws Exception {
        try (TestService envmon = start(null)) {
            envmon.addStation("AL1");
            publish(envmon, "AL1", Payloads.recent(0), "w21003", 1.0);
            publish(envmon, "AL1", Payloads.recent(1), "w21003", 1.95);
            await().atMost(WAIT).until(() -> hook.received().size() == 1);
            publish(envmon, "AL1", Payloads.recent(2), "w21003", 2.2);
            publish(envmon, "AL1", Payloads.recent(3), "w21003", 1.4);
            publish(envmon, "AL1", Payloads.recent(4), "w21003", 1.2);
            await().atMost(WAIT).until(() -> hook.received().size() == 2);
            await().during(Duration.ofMillis(500))
                    .atMost(WAIT)
                    .until(() -> hook.received().size() == 2);
            assertThat(events()).containsExactly("firing", "resolved");

            WebhookReceiver.Received firing = hook.received().get(0);
            String timestamp = firing.header("X-Envmon-Timestamp");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            assertThat(firing.header("X-Envmon-Signature"))
                    .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(firing.body())));
            assertThat(firing.json().path("notice").path("stationCode").asText())
                    .isEqualTo("AL1");
            assertThat(firing.json().path("notice").path("value").asDouble()).isEqualTo(1.95);
            assertThat(firing.json().path("title").asText()).contains("[FIRING]", "AL1");
            assertThat(envmon.count("SELECT count(*) FROM alert WHERE state = 'resolved' AND fired_at IS NOT NULL"))
                    .isEqualTo(1);
            assertThat(envmon.count("SELECT count(*) FROM notification WHERE status = 'sent'"))
                    .isEqualTo(2);
            assertThat(envmon.count("SELECT count(*) FROM alert_event")).isEqualTo(3);
        }
    }

    @Test
    void restart_midEpisode_noDuplicateFiringAndAckWorks() throws Exception {
        String url;
        HttpClient http = HttpClient.newHttpClient();
        try (TestService envmon = start(null)) {
            url = envmon.jdbcUrl();
            envmon.addStation("AL2");
            publish(envmon, "AL2", Payloads.recent(10), "w21003", 2.0);
            await().atMost(WAIT).until(() -> hook.received().size() == 1);
        }
        try (TestService envmon = start(url)) {
            publish(envmon, "AL2", Payloads.recent(11), "w21003", 2.5);
            await().atMost(WAIT).until(() -> envmon.readingsOf("AL2") == 2);
            String api = "http://127.0.0.1:" + envmon.service().httpPort() + "/api/alerts";
            HttpResponse<String> open =
                    http.send(api(api + "?state=firing").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(api)).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("the alert API without the token")
                    .isEqualTo(401);
            assertThat(open.body()).contains("\"stationCode\":\"AL2\"", "\"state\":\"firing\"");
            long id = envmon.count("SELECT id FROM alert WHERE state = 'firing'");
            HttpResponse<String> ack = http.send(
                    api(api + "/" + id + "/ack")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"Li Wei\",\"comment\":\"crew sent\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(ack.body()).contains("\"ackedBy\":\"Li Wei\"");
            HttpResponse<String> again = http.send(
                    api(api + "/" + id + "/ack")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"Li Wei\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(409);
            HttpResponse<String> bad =
                    http.send(api(api + "?state=burning").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("state must be one of");

            publish(envmon, "AL2", Payloads.recent(12), "w21003", 1.0);
            await().atMost(WAIT).until(() -> hook.received().size() == 2);
            assertThat(events()).containsExactly("firing", "resolved");
            assertThat(envmon.count("SELECT count(*) FROM alert")).isEqualTo(1);
        }
    }

    @Test
    void rulesFile_changedWhileRunning_newRuleAppliesWithoutRestart() throws Exception {
        try (TestService envmon = start(null)) {
            envmon.addStation("AL3");
            Files.writeString(
                    rules,
                    rulesYaml("  - {id: ph-low, metric: w01001, condition: {below: 6.5}," + " routes: [ops]}\n"));
            Files.setLastModifiedTime(rules, FileTime.from(Instant.now().plusSeconds(5)));
            await().atMost(WAIT)
                    .until(() -> envmon.service()
                                    .registry()
                                    .get("envmon_alerting_rule_reloads")
                                    .functionCounter()
                                    .count()
                            == 1);
            publish(envmon, "AL3", Payloads.recent(20), "w01001", 5.0);
            await().atMost(WAIT).until(() -> hook.received().size() == 1);
            assertThat(hook.received()
                            .get(0)
                            .json()
                            .path("notice")
                            .path("ruleId")
                            .asText())
                    .isEqualTo("ph-low");
        }
    }
}
