package org.envmon.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * Clients that send half a request and then nothing must not silence {@code /health}. The packaged
 * service in its own process: the request time limit is a JDK setting that {@code main} installs
 * before the first HTTP server of the process exists.
 */
class HttpSlowClientIT {
    /** More than the endpoint's worker threads, so without a time limit every thread would wait forever. */
    private static final int SLOW_CLIENTS = 12;

    @Test
    void health_moreHalfSentRequestsThanWorkerThreads_answeredOnceTheirTimeRunsOut() throws Exception {
        ServiceProcess service = ServiceProcess.start(Map.of(
                "ENVMON_DB_URL",
                TestPostgres.newDatabase("http_slow"),
                "ENVMON_DB_USER",
                TestPostgres.user(),
                "ENVMON_DB_PASSWORD",
                TestPostgres.password()));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", service.httpPort());
                socket.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/health"))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(health.body()).path("status").asText())
                    .isEqualTo("up");
            assertThat(slow.get(0).getInputStream().read())
                    .as("a half-sent request is closed, not served")
                    .isEqualTo(-1);
        } finally {
            for (Socket socket : slow) {
                closeQuietly(socket);
            }
            service.stop();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone: the server closed it
        }
    }
}
