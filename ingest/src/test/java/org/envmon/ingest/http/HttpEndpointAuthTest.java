package org.envmon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.envmon.ingest.config.EnvmonConfig.HttpConfig;
import org.junit.jupiter.api.Test;

/** The bearer token in front of /api/* (and, when configured, /health and /metrics), over a real socket. */
class HttpEndpointAuthTest {
    private static final String TOKEN = "test-token-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private HttpEndpoint start(Optional<String> token, boolean open) {
        HttpEndpoint endpoint = HttpEndpoint.start(
                new HttpConfig("127.0.0.1", 0, token, open, false, Optional.empty(), "zh"), registry);
        endpoint.route("/api/things", exchange -> {
            byte[] body = "secret things".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        return endpoint;
    }

    private HttpResponse<String> get(HttpEndpoint endpoint, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double refusals() {
        return registry.find("envmon.http.refusals").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void api_withoutOrWithWrongToken_401WithChallengeAndCounted() throws Exception {
        try (HttpEndpoint endpoint = start(Optional.of(TOKEN), true)) {
            HttpResponse<String> none = get(endpoint, "/api/things", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"envmon\"");
            assertThat(none.body()).doesNotContain("secret things");
            assertThat(get(endpoint, "/api/things", "Bearer " + TOKEN + "x").statusCode())
                    .isEqualTo(401);
            assertThat(get(endpoint, "/api/things", "Basic " + TOKEN).statusCode())
                    .isEqualTo(401);
            assertThat(refusals()).isEqualTo(3);
        }
    }

    @Test
    void api_withToken_served() throws Exception {
        try (HttpEndpoint endpoint = start(Optional.of(TOKEN), true)) {
            HttpResponse<String> ok = get(endpoint, "/api/things", "Bearer " + TOKEN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("secret things");
        }
    }

    @Test
    void api_noTokenConfigured_refusesEveryone() throws Exception {
        try (HttpEndpoint endpoint = start(Optional.empty(), true)) {
            assertThat(get(endpoint, "/api/things", "Bearer anything-at-all-long")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get(endpoint, "/api/things", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void healthAndMetrics_openByDefault_servedWithoutToken() throws Exception {
        try (HttpEndpoint endpoint = start(Optional.of(TOKEN), true)) {
            assertThat(get(endpoint, "/metrics", null).statusCode()).isEqualTo(200);
            assertThat(get(endpoint, "/health", null).statusCode()).isEqualTo(503); // "starting": no report yet
        }
    }

    @Test
    void healthAndMetrics_closedByConfig_needTheToken() throws Exception {
        try (HttpEndpoint endpoint = start(Optional.of(TOKEN), false)) {
            assertThat(get(endpoint, "/metrics", null).statusCode()).isEqualTo(401);
            assertThat(get(endpoint, "/health", null).statusCode()).isEqualTo(401);
            assertThat(get(endpoint, "/metrics", "Bearer " + TOKEN).statusCode())
                    .isEqualTo(200);
        }
    }
}
