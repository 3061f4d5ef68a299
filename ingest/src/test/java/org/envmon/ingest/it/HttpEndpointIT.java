package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health, /metrics and the alert API over real HTTP, on a service without a rules file. */
class HttpEndpointIT {
    private static final String TOKEN = "http-endpoint-test-token";
    private static TestService envmon;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start("http", Map.of("ENVMON_HTTP_API_TOKEN", TOKEN));
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + envmon.service().httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_runningService_reportsListenerDatabaseAndMode() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("up");
        assertThat(body.path("mqtt").path("listening").asBoolean()).isTrue();
        assertThat(body.path("mqtt").path("port").asInt())
                .isEqualTo(envmon.service().mqttPort());
        assertThat(body.path("database").path("reachable").asBoolean()).isTrue();
        assertThat(body.path("database").path("mode").asText()).isEqualTo("postgresql");
    }

    @Test
    void metrics_afterTraffic_exposeIngestMeters() throws Exception {
        envmon.addStation("METRICS");
        MqttClient client = new MqttClient(envmon.mqttUri(), "metrics", new MemoryPersistence());
        client.connect();
        client.publish("stations/METRICS/readings", Payloads.phAndDo(Payloads.recent(0), 7, 6), 1, false);
        client.publish("stations/METRICS/readings", Payloads.utf8("{oops"), 1, false);
        HttpResponse<String> response = get("/metrics");
        client.disconnect();
        client.close();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("envmon_messages_total{format=\"json\",transport=\"mqtt\"}")
                .contains("envmon_readings_stored_total 2.0")
                .contains("envmon_rejections_total{reason=\"malformed_json\",transport=\"mqtt\"} 1.0")
                .contains("envmon_batch_commit_seconds_bucket")
                .contains("envmon_batch_readings_bucket")
                .contains("envmon_queue_bytes")
                .contains("envmon_connections{transport=\"mqtt\"}")
                .contains("envmon_backpressure_pauses_total");
    }

    private static HttpResponse<String> api(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + envmon.service().httpPort() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void alertApi_noRulesFile_listsAndAcknowledgesStoredAlerts() throws Exception {
        HttpResponse<String> none = api("GET", "/api/alerts", "");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(none.body()).path("alerts").isEmpty())
                .isTrue();

        envmon.addStation("APIONLY");
        long id;
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO alert (rule_id, station_id, severity, state,"
                        + " summary, started_at, last_change_at) SELECT 'earlier-rule', id, 'warning', 'firing',"
                        + " 'raised before the rules file was removed', now(), now() FROM station WHERE code = 'APIONLY'"
                        + " RETURNING id")) {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        JsonNode firing = new ObjectMapper()
                .readTree(api("GET", "/api/alerts?state=firing", "").body())
                .path("alerts");
        assertThat(firing)
                .singleElement()
                .satisfies(a -> assertThat(a.path("stationCode").asText()).isEqualTo("APIONLY"));

        HttpResponse<String> ack = api("POST", "/api/alerts/" + id + "/ack", "{\"by\":\"Li Wei\"}");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(envmon.count("SELECT count(*) FROM alert WHERE id = ? AND acked_by = 'Li Wei'", id))
                .isEqualTo(1);
        assertThat(api("POST", "/api/alerts/987654321/ack", "{\"by\":\"Li Wei\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void unknownPathAndWrongMethod_clearErrors() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + envmon.service().httpPort() + "/health"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
