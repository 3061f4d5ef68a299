package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.TestTls;
import org.junit.jupiter.api.Test;

/** HJ 212 over TLS beside the plain listener, with client certificates required (the test CA of {@link TestTls}). */
class Hj212TlsIT {
    private static final String MN = "010000A8900016F0001TLS01";

    private static SSLSocket open(TestService envmon, String clientStore) throws Exception {
        SSLSocket socket = (SSLSocket) TestTls.clientContext(clientStore).getSocketFactory()
                .createSocket("127.0.0.1", envmon.service().hj212TlsPort().orElseThrow());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] frame() {
        return Hj212TestFrames.frame("QN=20260301155900001;ST=21;CN=2011;PW=123456;MN=" + MN + ";Flag=5;CP=&&DataTime="
                + Hj212TestFrames.dataTime(Payloads.recent(1)) + ";w01001-Rtd=7.2,w01001-Flag=N&&");
    }

    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Test
    void frame_overTlsWithClientCertificate_storedAndAnswered_withoutCertificateRefused() throws Exception {
        Map<String, String> env = new HashMap<>(TestTls.serverSettings(true));
        env.put("ENVMON_HJ212_PORT", "0");
        env.put("ENVMON_HJ212_TLS_PORT", "0");
        try (TestService envmon = TestService.start("hj212_tls", env)) {
            envmon.addStation(MN);
            try (SSLSocket station = open(envmon, "client.p12")) {
                station.getOutputStream().write(frame());
                station.getOutputStream().flush();
                assertThat(answer(station.getInputStream())).contains("CN=9014").contains("MN=" + MN);
            }
            assertThat(envmon.readingsOf(MN)).isEqualTo(1);

            assertThatThrownBy(() -> {
                try (SSLSocket stranger = open(envmon, null)) {
                    stranger.startHandshake();
                    stranger.getOutputStream().write(frame());
                    stranger.getOutputStream().flush();
                    if (stranger.getInputStream().read() == -1) {
                        throw new IOException("closed by the server");
                    }
                }
            }).isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> envmon.service().registry()
                    .find("envmon.tls.failures").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
            assertThat(envmon.service().hj212Port()).isPresent();
        }
    }
}
