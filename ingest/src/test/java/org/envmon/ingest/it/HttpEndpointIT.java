package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health and /metrics over real HTTP. */
class HttpEndpointIT {
    private static TestService envmon;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start("http", Map.of());
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
