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

    private static String tlsUri(TestService envmon) {
        return "ssl://127.0.0.1:" + envmon.service().mqttTlsPort().orElseThrow();
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
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
                    envmon.service().mqttTlsPort().orElseThrow())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            }
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
                    envmon.service().mqttTlsPort().orElseThrow())) {
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
            await().atMost(Duration.ofSeconds(10)).until(() -> envmon.service().registry()
                    .find("envmon.tls.failures").counters().stream().mapToDouble(c -> c.count()).sum() >= 2);
            assertThat(envmon.service().registry().find("envmon.handler.errors").counters()).isEmpty();
        }
    }

    @Test
    void connect_plainTextToTlsPort_refusedAndCounted() throws Exception {
        try (TestService envmon = TestService.start("mqtt_tls_plain", tls(false))) {
            String wrong = "tcp://127.0.0.1:" + envmon.service().mqttTlsPort().orElseThrow();
            assertThatThrownBy(() -> connect(wrong, "plain-on-tls", null)).isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> envmon.service().registry()
                    .find("envmon.tls.failures").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
        }
    }
}
