package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.TestTls;
import org.junit.jupiter.api.Test;

/**
 * MQTT over TLS with the test-only certificates of {@link TestTls}: plain and TLS side by side,
 * client certificates required when a CA bundle is configured.
 */
class MqttTlsIT {
    private static Map<String, String> tls(boolean requireClientCertificates) {
        Map<String, String> env = new HashMap<>(TestTls.serverSettings(requireClientCertificates));
        env.put("ENVMON_MQTT_TLS_PORT", "0");
        return env;
    }

    private static SSLContext clientContext(String clientStore) throws Exception {
        return TestTls.clientContext(clientStore);
    }

    private static MqttClient connect(String uri, String clientId, SSLContext context) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        if (context != null) {
            options.setSocketFactory(context.getSocketFactory());
        }
        client.connect(options);
        return client;
    }

    /** The subject CN of the test client certificate client.p12. */
    private static final String CERTIFICATE_STATION = "SEC001";

    /** TLS only, client certificates required and logging in, anonymous access off. */
    private static Map<String, String> certificateLogin() {
        Map<String, String> env = tls(true);
        env.put("ENVMON_MQTT_PORT", "off");
        env.put("ENVMON_MQTT_ALLOW_ANONYMOUS", "false");
        env.put("ENVMON_TLS_CLIENT_CERTIFICATE_LOGIN", "true");
        return env;
    }

    private static MqttClient connectAs(String uri, String clientId, SSLContext context, String userName)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        options.setSocketFactory(context.getSocketFactory());
        options.setUserName(userName);
        client.connect(options);
        return client;
    }

    private static String tlsUri(TestService envmon) {
        return "ssl://127.0.0.1:" + envmon.service().mqttTlsPort().orElseThrow();
    }

    @Test
    void publish_overSecureWebSocket_storedAndAPlainWebSocketClientCannotTalkToIt() throws Exception {
        Map<String, String> env = TestTls.serverSettings(false);
        env.put("ENVMON_MQTT_WSS_PORT", "0");
        try (TestService envmon = TestService.start("mqtt_wss", env)) {
            envmon.addStation("WSS1");
            String wss = "wss://127.0.0.1:" + envmon.service().mqttWssPort().orElseThrow() + "/mqtt";

            MqttClient client = connect(wss, "wss-client", clientContext(null));
            client.publish("stations/WSS1/readings", Payloads.phAndDo(Payloads.recent(0), 7.3, 6), 1, false);
            client.disconnect();
            client.close();

            assertThat(envmon.readingsOf("WSS1")).isEqualTo(2);
            String plainOnTlsPort =
                    "ws://127.0.0.1:" + envmon.service().mqttWssPort().orElseThrow() + "/mqtt";
            assertThatThrownBy(() -> connect(plainOnTlsPort, "ws-on-wss", null)).isInstanceOf(MqttException.class);
        }
    }

    @Test
    void publish_overTlsAndPlainSideBySide_bothStored() throws Exception {
        try (TestService envmon = TestService.start("mqtt_tls", tls(false))) {
            envmon.addStation("TLS1");
            MqttClient secure = connect(tlsUri(envmon), "tls-client", clientContext(null));
            secure.publish("stations/TLS1/readings", Payloads.phAndDo(Payloads.recent(1), 7.0, 8.0), 1, false);
            MqttClient plain = connect(envmon.mqttUri(), "plain-client", null);
            plain.publish("stations/TLS1/readings", Payloads.phAndDo(Payloads.recent(2), 7.1, 8.1), 1, false);
            assertThat(envmon.readingsOf("TLS1")).isEqualTo(4);
            secure.disconnect();
            plain.disconnect();
            secure.close();
            plain.close();
        }
    }

    @Test
    void handshake_onlyTls12AndNewerOffered() throws Exception {
        try (TestService envmon = TestService.start("mqtt_tls_versions", tls(false))) {
            SSLContext context = clientContext(null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket("127.0.0.1", envmon.service().mqttTlsPort().orElseThrow())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            }
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket("127.0.0.1", envmon.service().mqttTlsPort().orElseThrow())) {
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void connect_clientCertificateRequired_onlyCertificatesOfTheCaAccepted() throws Exception {
        try (TestService envmon = TestService.start("mqtt_tls_client_auth", tls(true))) {
            MqttClient trusted = connect(tlsUri(envmon), "with-cert", clientContext("client.p12"));
            assertThat(trusted.isConnected()).isTrue();
            trusted.disconnect();
            trusted.close();

            assertThatThrownBy(() -> connect(tlsUri(envmon), "without-cert", clientContext(null)))
                    .isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(tlsUri(envmon), "stranger", clientContext("stranger.p12")))
                    .isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> envmon.service().registry().find("envmon.tls.failures").counters().stream()
                                    .mapToDouble(c -> c.count())
                                    .sum()
                            >= 2);
            assertThat(envmon.service().registry().find("envmon.handler.errors").counters())
                    .isEmpty();
        }
    }

    @Test
    void connect_plainTextToTlsPort_refusedAndCounted() throws Exception {
        try (TestService envmon = TestService.start("mqtt_tls_plain", tls(false))) {
            String wrong = "tcp://127.0.0.1:" + envmon.service().mqttTlsPort().orElseThrow();
            assertThatThrownBy(() -> connect(wrong, "plain-on-tls", null)).isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> envmon.service().registry().find("envmon.tls.failures").counters().stream()
                                    .mapToDouble(c -> c.count())
                                    .sum()
                            >= 1);
        }
    }

    @Test
    void tlsOnly_plainListenerOff_publishOverTlsStoredAndHealthShowsTlsPortOnly() throws Exception {
        Map<String, String> env = tls(false);
        env.put("ENVMON_MQTT_PORT", "off");
        try (TestService envmon = TestService.start("mqtt_tls_only", env)) {
            envmon.addStation("TLS2");
            assertThatThrownBy(() -> envmon.service().mqttPort())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mqtt.port: off");
            assertThat(envmon.service().health().mqtt().port()).isNull();
            assertThat(envmon.service().health().mqtt().tlsPort())
                    .isEqualTo(envmon.service().mqttTlsPort().orElseThrow());
            assertThat(envmon.service().health().isUp()).isTrue();

            MqttClient secure = connect(tlsUri(envmon), "tls-only", clientContext(null));
            secure.publish("stations/TLS2/readings", Payloads.phAndDo(Payloads.recent(1), 7.0, 8.0), 1, false);
            assertThat(envmon.readingsOf("TLS2")).isEqualTo(2);
            secure.disconnect();
            secure.close();
        }
    }

    @Test
    void certificateLogin_certificateNamesStation_publishesWithoutPasswordOnlyToItsOwnTopics() throws Exception {
        try (TestService envmon = TestService.start("mqtt_cert_login", certificateLogin())) {
            envmon.addStation(CERTIFICATE_STATION);
            envmon.addStation("OTHER1");
            MqttClient station = connectAs(tlsUri(envmon), "cert-station", clientContext("client.p12"), null);
            station.publish(
                    "stations/" + CERTIFICATE_STATION + "/readings",
                    Payloads.phAndDo(Payloads.recent(1), 7.0, 8.0),
                    1,
                    false);
            assertThat(envmon.readingsOf(CERTIFICATE_STATION)).isEqualTo(2);

            station.publish("stations/OTHER1/readings", Payloads.phAndDo(Payloads.recent(2), 7.0, 8.0), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> envmon.rejections("foreign_station") == 1);
            assertThat(envmon.readingsOf("OTHER1")).isZero();
            station.disconnect();
            station.close();

            MqttClient sameName =
                    connectAs(tlsUri(envmon), "cert-same-name", clientContext("client.p12"), CERTIFICATE_STATION);
            assertThat(sameName.isConnected())
                    .as("a user name equal to the certificate's CN")
                    .isTrue();
            sameName.disconnect();
            sameName.close();
        }
    }

    @Test
    void certificateLogin_userNameOfAnotherStation_refusedAndRecorded() throws Exception {
        try (TestService envmon = TestService.start("mqtt_cert_other_name", certificateLogin())) {
            envmon.addStation(CERTIFICATE_STATION);
            envmon.addStation("OTHER1");
            assertThatThrownBy(() -> connectAs(tlsUri(envmon), "impostor", clientContext("client.p12"), "OTHER1"))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode())
                                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> envmon.count("SELECT count(*) FROM rejected_message"
                                    + " WHERE reason = 'bad_credentials' AND detail LIKE '%OTHER1%SEC001%'")
                            == 1);
        }
    }

    @Test
    void certificateLogin_certificateOfNoStation_refused() throws Exception {
        try (TestService envmon = TestService.start("mqtt_cert_unknown", certificateLogin())) {
            assertThatThrownBy(() -> connectAs(tlsUri(envmon), "no-station", clientContext("client.p12"), null))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode())
                                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> envmon.count("SELECT count(*) FROM rejected_message"
                                    + " WHERE reason = 'bad_credentials' AND detail LIKE '%no active station%'")
                            == 1);
        }
    }

    @Test
    void certificateLoginOff_certificateAloneIsNoLogin() throws Exception {
        Map<String, String> env = certificateLogin();
        env.put("ENVMON_TLS_CLIENT_CERTIFICATE_LOGIN", "false");
        try (TestService envmon = TestService.start("mqtt_cert_login_off", env)) {
            envmon.addStation(CERTIFICATE_STATION);
            assertThatThrownBy(() -> connectAs(tlsUri(envmon), "cert-only", clientContext("client.p12"), null))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        }
    }
}
