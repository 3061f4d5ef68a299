package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.TestTls;
import org.junit.jupiter.api.Test;

/**
 * HJ 212 over TLS beside the plain listener or alone, with client certificates required (the test CA of
 * {@link TestTls}), certificate logins, and stations that must have a PW.
 */
class Hj212TlsIT {
    private static final String MN = "010000A8900016F0001TLS01";

    private static SSLSocket open(TestService envmon, String clientStore) throws Exception {
        SSLSocket socket = (SSLSocket) TestTls.clientContext(clientStore)
                .getSocketFactory()
                .createSocket("127.0.0.1", envmon.service().hj212TlsPort().orElseThrow());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** The subject CN of the test client certificate client.p12. */
    private static final String CERTIFICATE_STATION = "SEC001";

    private static byte[] frame() {
        return frame(MN, "20260301155900001", 1);
    }

    private static byte[] frame(String mn, String qn, int secondsAgo) {
        return Hj212TestFrames.frame("QN=" + qn + ";ST=21;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + Hj212TestFrames.dataTime(Payloads.recent(secondsAgo)) + ";w01001-Rtd=7.2,w01001-Flag=N&&");
    }

    private static boolean silentFor(SSLSocket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private static void send(SSLSocket socket, byte[] frame) throws IOException {
        socket.getOutputStream().write(frame);
        socket.getOutputStream().flush();
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
                    })
                    .isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> envmon.service().registry().find("envmon.tls.failures").counters().stream()
                                    .mapToDouble(c -> c.count())
                                    .sum()
                            >= 1);
            assertThat(envmon.service().hj212Port()).isPresent();
        }
    }

    @Test
    void tlsOnly_certificateLogin_stationWithoutPwStoredOtherMnRefused() throws Exception {
        Map<String, String> env = new HashMap<>(TestTls.serverSettings(true));
        env.put("ENVMON_HJ212_TLS_PORT", "0");
        env.put("ENVMON_HJ212_REQUIRE_PASSWORD", "true");
        env.put("ENVMON_TLS_CLIENT_CERTIFICATE_LOGIN", "true");
        try (TestService envmon = TestService.start("hj212_tls_only", env)) {
            assertThat(envmon.service().hj212Port())
                    .as("no plain HJ 212 listener")
                    .isEmpty();
            envmon.addStation(CERTIFICATE_STATION);
            envmon.addStation(MN);
            try (SSLSocket station = open(envmon, "client.p12")) {
                send(station, frame(CERTIFICATE_STATION, "20260301155900010", 2));
                assertThat(answer(station.getInputStream())).contains("CN=9014").contains("MN=" + CERTIFICATE_STATION);

                send(station, frame(MN, "20260301155900011", 3));
                assertThat(silentFor(station, Duration.ofSeconds(1)))
                        .as("a frame for another station")
                        .isTrue();
            }
            assertThat(envmon.readingsOf(CERTIFICATE_STATION))
                    .as("no PW needed: the certificate names the station")
                    .isEqualTo(1);
            assertThat(envmon.readingsOf(MN)).isZero();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(envmon.count(
                                    "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = 'mn_mismatch'"
                                            + " AND detail LIKE ?",
                                    MN,
                                    "%" + CERTIFICATE_STATION + "%"))
                            .isEqualTo(1));
        }
    }

    @Test
    void requirePassword_stationWithoutPwRefusedUntilOneIsSet() throws Exception {
        Map<String, String> env = new HashMap<>(TestTls.serverSettings(true));
        env.put("ENVMON_HJ212_TLS_PORT", "0");
        env.put("ENVMON_HJ212_REQUIRE_PASSWORD", "true");
        env.put("ENVMON_STATIONS_REFRESH_INTERVAL", "1s");
        try (TestService envmon = TestService.start("hj212_require_pw", env)) {
            envmon.addStation(MN);
            try (SSLSocket station = open(envmon, "client.p12")) {
                send(station, frame(MN, "20260301155900020", 2));
                assertThat(silentFor(station, Duration.ofSeconds(1)))
                        .as("certificate login is off: PW needed")
                        .isTrue();
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(envmon.count(
                                    "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = 'hj212_password_unset'",
                                    MN))
                            .isEqualTo(1));

            try (Connection c = envmon.connect();
                    PreparedStatement s =
                            c.prepareStatement("UPDATE station SET hj212_password = '123456' WHERE code = ?")) {
                s.setString(1, MN);
                s.executeUpdate();
            }
            // The same frame each time: storing is idempotent, so a late write of an earlier try adds no row.
            byte[] withPassword = frame(MN, "20260301155900021", 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (SSLSocket station = open(envmon, "client.p12")) {
                    send(station, withPassword);
                    return !silentFor(station, Duration.ofSeconds(2));
                }
            });
            assertThat(envmon.readingsOf(MN)).isEqualTo(1);
        }
    }
}
