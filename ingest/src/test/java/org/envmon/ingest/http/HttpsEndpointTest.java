package org.envmon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import org.envmon.ingest.config.EnvmonConfig.HttpConfig;
import org.envmon.ingest.config.EnvmonConfig.TlsConfig;
import org.envmon.ingest.testing.TestTls;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint over TLS with the test-only certificate of {@link TestTls}. */
class HttpsEndpointTest {
    private static final TlsConfig TLS = new TlsConfig(
            Optional.of(Path.of(TestTls.resource("server.pem"))),
            Optional.of(Path.of(TestTls.resource("server.key"))),
            Optional.empty(),
            false);

    private static HttpEndpoint start() {
        return HttpEndpoint.start(
                new HttpConfig("127.0.0.1", 0, Optional.empty(), true, true, Optional.empty(), "zh"),
                Optional.of(TLS),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @Test
    void metrics_overHttpsWithTls12Or13_served() throws Exception {
        try (HttpEndpoint endpoint = start()) {
            for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
                SSLParameters parameters = new SSLParameters();
                parameters.setProtocols(new String[] {protocol});
                HttpClient client = HttpClient.newBuilder()
                        .sslContext(TestTls.clientContext(null))
                        .sslParameters(parameters)
                        .build();
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + endpoint.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(protocol).isEqualTo(200);
                assertThat(response.sslSession())
                        .hasValueSatisfying(
                                session -> assertThat(session.getProtocol()).isEqualTo(protocol));
            }
        }
    }

    @Test
    void metrics_plainHttpToTheHttpsPort_noAnswer() throws Exception {
        try (HttpEndpoint endpoint = start()) {
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }
}
