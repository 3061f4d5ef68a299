package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real MQTT clients of two families (Eclipse Paho v3 and v5, the HiveMQ MQTT client) as stations use
 * them: over TCP and over WebSocket ({@code ws://host:port/mqtt}), with topic aliases and persistent
 * sessions. Every acknowledged message must be stored.
 */
class MqttClientsIT {
    private static TestService envmon;

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start("mqtt_clients", Map.of("ENVMON_MQTT_WS_PORT", "0"));
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    private static String wsUri() {
        return "ws://127.0.0.1:" + envmon.service().mqttWsPort().orElseThrow() + "/mqtt";
    }

    private static String topic(String station) {
        return "stations/" + station + "/readings";
    }

    private static double aliasesUsed() {
        var counter = envmon.service()
                .registry()
                .find("envmon.mqtt.topic.aliases.used")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void pahoV3OverWebSocket_qos1MessagesStored() throws Exception {
        envmon.addStation("WS3");
        org.eclipse.paho.client.mqttv3.MqttClient client =
                new org.eclipse.paho.client.mqttv3.MqttClient(wsUri(), "paho3-ws", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        for (int i = 0; i < 5; i++) {
            client.publish(topic("WS3"), Payloads.phAndDo(Payloads.recent(i), 7.0 + i / 10.0, 6), 1, false);
        }
        client.disconnect();
        client.close();

        assertThat(envmon.readingsOf("WS3")).isEqualTo(10);
    }

    @Test
    void pahoV5OverWebSocket_persistentSessionPresentOnReconnect() throws Exception {
        envmon.addStation("WS5");
        MqttAsyncClient client = new MqttAsyncClient(
                wsUri(), "paho5-ws", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(600L);
        IMqttToken first = client.connect(options);
        first.waitForCompletion(10_000);
        assertThat(first.getSessionPresent()).isFalse();
        client.publish(topic("WS5"), message(Payloads.phAndDo(Payloads.recent(0), 7.1, 6), 2))
                .waitForCompletion(10_000);
        client.disconnect().waitForCompletion(10_000);

        IMqttToken again = client.connect(options);
        again.waitForCompletion(10_000);
        assertThat(again.getSessionPresent())
                .as("session present = 1 after a reconnect")
                .isTrue();
        client.publish(topic("WS5"), message(Payloads.phAndDo(Payloads.recent(1), 7.2, 6), 1))
                .waitForCompletion(10_000);
        client.disconnect().waitForCompletion(10_000);
        client.close();

        assertThat(envmon.readingsOf("WS5")).isEqualTo(4);
    }

    private static MqttMessage message(byte[] payload, int qos) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        return message;
    }

    @Test
    void hivemqClientOverTcp_topicAliasesAndPersistentSession() throws Exception {
        envmon.addStation("HMQ1");
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("hivemq-tcp")
                .serverHost("127.0.0.1")
                .serverPort(envmon.service().mqttPort())
                .buildBlocking();
        Mqtt5ConnAck first = client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(600)
                .send();
        assertThat(first.isSessionPresent()).isFalse();
        double aliasesBefore = aliasesUsed();
        Instant start = Payloads.recent(0);
        for (int i = 0; i < 10; i++) {
            client.publishWith()
                    .topic(topic("HMQ1"))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Payloads.phAndDo(start.plusSeconds(i), 7.0 + i / 100.0, 6))
                    .send();
        }
        client.disconnect();

        Mqtt5ConnAck again = client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(600)
                .send();
        assertThat(again.isSessionPresent()).isTrue();
        client.disconnect();

        assertThat(envmon.readingsOf("HMQ1")).isEqualTo(20);
        assertThat(aliasesUsed())
                .as("the client named the topic by alias after its first PUBLISH")
                .isGreaterThan(aliasesBefore);
    }

    @Test
    void hivemqClientOverWebSocket_messagesStored() throws Exception {
        envmon.addStation("HMQ2");
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("hivemq-ws")
                .serverHost("127.0.0.1")
                .serverPort(envmon.service().mqttWsPort().orElseThrow())
                .webSocketConfig()
                .serverPath("mqtt")
                .applyWebSocketConfig()
                .buildBlocking();
        client.connect();
        for (int i = 0; i < 5; i++) {
            client.publishWith()
                    .topic(topic("HMQ2"))
                    .qos(i % 2 == 0 ? MqttQos.EXACTLY_ONCE : MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"ts\":\"" + Payloads.recent(i) + "\",\"values\":{\"ph\":7." + i + "}}")
                            .getBytes(StandardCharsets.UTF_8))
                    .send();
        }
        client.disconnect();

        assertThat(envmon.readingsOf("HMQ2")).isEqualTo(5);
    }
}
