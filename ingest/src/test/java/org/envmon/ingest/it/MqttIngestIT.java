package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Paho v3 and v5 clients against the real server and PostgreSQL: storage, duplicates, refusals. */
class MqttIngestIT {
    private static TestService envmon;

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start("mqtt_ingest", Map.of());
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    private static MqttClient v3(String clientId) throws MqttException {
        MqttClient client = new MqttClient(envmon.mqttUri(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        return client;
    }

    private static MqttAsyncClient v5(String clientId) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(
                envmon.mqttUri(), clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static IMqttToken publishV5(MqttAsyncClient client, String topic, byte[] payload, int qos)
            throws Exception {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(10_000);
        return token;
    }

    @ParameterizedTest(name = "MQTT 3.1.1 QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void publishV311_eachQos_readingsStored(int qos) throws Exception {
        String station = "V3Q" + qos;
        envmon.addStation(station);
        MqttClient client = v3("v3-qos" + qos);
        for (int i = 0; i < 5; i++) {
            client.publish(
                    "stations/" + station + "/readings", Payloads.phAndDo(Payloads.recent(i), 7.1, 6.2), qos, false);
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(envmon.readingsOf(station)).isEqualTo(10));
        client.disconnect();
        client.close();
    }

    @ParameterizedTest(name = "MQTT 5 QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void publishV5_eachQos_readingsStored(int qos) throws Exception {
        String station = "V5Q" + qos;
        envmon.addStation(station);
        MqttAsyncClient client = v5("v5-qos" + qos);
        for (int i = 0; i < 5; i++) {
            IMqttToken token = publishV5(
                    client, "stations/" + station + "/readings", Payloads.phAndDo(Payloads.recent(i), 7.2, 6.3), qos);
            if (qos > 0) {
                assertThat(token.getReasonCodes()).containsOnly(0);
            }
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(envmon.readingsOf(station)).isEqualTo(10));
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }

    @Test
    void publish_storesStationTimeValueAndFlag() throws Exception {
        envmon.addStation("TIMECHECK");
        MqttClient client = v3("timecheck");
        client.publish(
                "stations/TIMECHECK/readings",
                Payloads.utf8("{\"ts\":\"2026-11-29T08:00:00+08:00\",\"values\":{\"w01001\":7.31,\"nh3n\":0.42},"
                        + "\"flags\":{\"w01001\":\"M\"}}"),
                1,
                false);
        assertThat(envmon.count("SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id "
                        + "JOIN metric m ON m.id = r.metric_id WHERE s.code = 'TIMECHECK' AND m.code = 'w01001' "
                        + "AND r.time = '2026-11-29T00:00:00Z' AND r.value = 7.31 AND r.flag = 'M'"))
                .isEqualTo(1);
        assertThat(envmon.count("SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id "
                        + "JOIN metric m ON m.id = r.metric_id WHERE s.code = 'TIMECHECK' AND m.code = 'w21003' "
                        + "AND r.value = 0.42 AND r.flag = 'N'"))
                .isEqualTo(1);
        client.disconnect();
        client.close();
    }

    @Test
    void publish_sameReadingsTwice_duplicatesAbsorbedAndAcked() throws Exception {
        envmon.addStation("DUP");
        MqttClient client = v3("dup");
        Instant time = Payloads.recent(0);
        byte[] payload = Payloads.phAndDo(time, 7.0, 6.0);
        client.publish("stations/DUP/readings", payload, 1, false);
        client.publish("stations/DUP/readings", payload, 1, false);
        client.publish("stations/DUP/readings", payload, 2, false);
        String backlog = "[" + new String(Payloads.phAndDo(time, 7.0, 6.0), StandardCharsets.UTF_8) + ","
                + new String(Payloads.phAndDo(time.plusSeconds(60), 7.1, 6.1), StandardCharsets.UTF_8) + "]";
        client.publish("stations/DUP/readings", Payloads.utf8(backlog), 1, false);
        assertThat(envmon.readingsOf("DUP")).isEqualTo(4);
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE station_code = 'DUP'"))
                .isZero();
        client.disconnect();
        client.close();
    }

    @Test
    void publish_arrayWithOneInvalidElement_validElementsStoredInvalidQuarantined() throws Exception {
        envmon.addStation("MIXED");
        MqttClient client = v3("mixed");
        String payload = "[" + new String(Payloads.phAndDo(Payloads.recent(0), 7.0, 6.0), StandardCharsets.UTF_8)
                + ",{\"ts\":\"" + Payloads.recent(1) + "\",\"values\":{\"w01001\":\"high\"}},"
                + new String(Payloads.phAndDo(Payloads.recent(2), 7.2, 6.2), StandardCharsets.UTF_8) + "]";
        client.publish("stations/MIXED/readings", Payloads.utf8(payload), 1, false);
        assertThat(envmon.readingsOf("MIXED")).isEqualTo(4);
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE station_code = 'MIXED' "
                        + "AND reason = 'invalid_value' AND detail LIKE '%element 1%' AND convert_from(raw, 'UTF8') LIKE "
                        + "'%high%'"))
                .isEqualTo(1);
        client.disconnect();
        client.close();
    }

    @Test
    void publish_unknownStation_quarantinedWithAdvice() throws Exception {
        MqttClient client = v3("unknown-station");
        client.publish("stations/NOSUCH/readings", Payloads.phAndDo(Payloads.recent(0), 7.0, 6.0), 1, false);
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE station_code = 'NOSUCH' "
                        + "AND reason = 'unknown_station' AND detail LIKE '%stations add%' AND client_id = 'unknown-station' "
                        + "AND transport = 'mqtt' AND topic = 'stations/NOSUCH/readings' AND raw_size > 0"))
                .isEqualTo(1);
        assertThat(envmon.count("SELECT count(*) FROM station WHERE code = 'NOSUCH'"))
                .isZero();
        assertThat(client.isConnected()).isTrue();
        client.disconnect();
        client.close();
    }

    @Test
    void publish_unknownFactorCode_storedUnderAnUncataloguedMetricWithTheOtherValues() throws Exception {
        envmon.addStation("NEWCODE");
        MqttClient client = v3("new-code");
        Instant time = Payloads.recent(0);
        client.publish(
                "stations/NEWCODE/readings",
                Payloads.utf8("{\"ts\":\"" + time + "\",\"values\":{\"ph\":7.2,\"zz01\":41.5},"
                        + "\"flags\":{\"zz01\":\"M\"}}"),
                1,
                false);
        client.disconnect();
        client.close();

        assertThat(envmon.count(
                        "SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id JOIN metric m ON m.id = r.metric_id"
                                + " WHERE s.code = 'NEWCODE' AND ((m.code = 'zz01' AND NOT m.catalogued AND m.unit = ''"
                                + " AND r.value = 41.5 AND r.flag = 'M') OR (m.code = 'w01001' AND r.value = 7.2))"))
                .isEqualTo(2);
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE station_code = 'NEWCODE'"))
                .isZero();
    }

    @Test
    void publish_badInputs_eachQuarantinedWithReasonAndConnectionSurvives() throws Exception {
        envmon.addStation("BAD");
        MqttClient client = v3("bad-inputs");
        String topic = "stations/BAD/readings";
        Map<String, byte[]> cases = Map.of(
                "malformed_json", Payloads.utf8("{\"ts\": \"2026-"),
                // a key that cannot be a factor code; a well-formed unknown code is registered (below)
                "unknown_metric", Payloads.utf8("{\"ts\":\"" + Payloads.recent(0) + "\",\"values\":{\"x 99!\":1}}"),
                "invalid_value", Payloads.utf8("{\"ts\":\"" + Payloads.recent(0) + "\",\"values\":{\"ph\":\"NaN\"}}"),
                "time_in_future", Payloads.phAndDo(Instant.now().plus(Duration.ofHours(2)), 7, 6),
                "beyond_retention", Payloads.phAndDo(Instant.parse("2001-01-01T00:00:00Z"), 7, 6),
                "payload_too_large", new byte[600_000]);
        for (byte[] payload : cases.values()) {
            client.publish(topic, payload, 1, false);
        }
        client.publish("sensors/BAD/data", Payloads.phAndDo(Payloads.recent(0), 7, 6), 1, false);
        for (String reason : cases.keySet()) {
            assertThat(envmon.count(
                            "SELECT count(*) FROM rejected_message WHERE station_code = 'BAD' AND reason = ?", reason))
                    .as(reason)
                    .isEqualTo(1);
        }
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE reason = 'topic_outside_scheme' "
                        + "AND topic = 'sensors/BAD/data'"))
                .isEqualTo(1);
        assertThat(envmon.count("SELECT max(raw_size) FROM rejected_message WHERE reason = 'payload_too_large'"))
                .isEqualTo(600_000);
        assertThat(envmon.count("SELECT max(length(raw)) FROM rejected_message WHERE reason = 'payload_too_large'"))
                .isEqualTo(65_536);
        assertThat(client.isConnected()).isTrue();
        client.publish(topic, Payloads.phAndDo(Payloads.recent(5), 7.0, 6.0), 1, false);
        assertThat(envmon.readingsOf("BAD")).isEqualTo(2);
        String metrics = envmon.service().registry().scrape();
        assertThat(metrics).contains("envmon_rejections_total{reason=\"malformed_json\",transport=\"mqtt\"}");
        client.disconnect();
        client.close();
    }

    @Test
    void publishV5_quarantinedMessage_pubackCarriesPayloadFormatInvalid() throws Exception {
        envmon.addStation("V5BAD");
        MqttAsyncClient client = v5("v5-bad");
        IMqttToken malformed = publishV5(client, "stations/V5BAD/readings", Payloads.utf8("not json"), 1);
        assertThat(malformed.getReasonCodes()).containsExactly(0x99);
        IMqttToken unknown =
                publishV5(client, "stations/V5NOSUCH/readings", Payloads.phAndDo(Payloads.recent(0), 7, 6), 1);
        assertThat(unknown.getReasonCodes()).containsExactly(0x87);
        IMqttToken qos2 = publishV5(client, "stations/V5BAD/readings", Payloads.utf8("still not json"), 2);
        assertThat(qos2.isComplete()).isTrue();
        assertThat(client.isConnected()).isTrue();
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE station_code = 'V5BAD' "
                        + "AND reason = 'malformed_json'"))
                .isEqualTo(2);
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }

    @Test
    void publishHj212Payload_framesStoredAndMnMustMatchTopic() throws Exception {
        String mn = "010000A8900016F000169DC1";
        envmon.addStation(mn);
        String time = Hj212TestFrames.dataTime(Payloads.recent(0));
        byte[] frame = Hj212TestFrames.frame("QN=20240601100015000;ST=39;CN=2011;PW=123456;MN=" + mn
                + ";Flag=4;CP=&&DataTime=" + time + ";a34001-Rtd=215.3,a34001-Flag=N;a34002-Rtd=98.1,a34002-Flag=N&&");
        MqttAsyncClient client = v5("hj212-over-mqtt");
        IMqttToken stored = publishV5(client, "stations/" + mn + "/readings", frame, 1);
        assertThat(stored.getReasonCodes()).containsExactly(0);
        assertThat(envmon.readingsOf(mn)).isEqualTo(2);
        assertThat(envmon.count(
                        "SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id JOIN metric m "
                                + "ON m.id = r.metric_id WHERE s.code = ? AND m.code = 'a34001' AND r.value = 215.3",
                        mn))
                .isEqualTo(1);

        envmon.addStation("OTHER212");
        IMqttToken foreign = publishV5(client, "stations/OTHER212/readings", frame, 1);
        assertThat(foreign.getReasonCodes()).containsExactly(0x87);
        assertThat(envmon.count(
                        "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = "
                                + "'mn_mismatch' AND topic = 'stations/OTHER212/readings'",
                        mn))
                .isEqualTo(1);
        assertThat(envmon.readingsOf("OTHER212")).isZero();
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }

    @Test
    void subscribe_refusedBecauseServerOnlyIngests() throws Exception {
        MqttClient client = v3("subscriber");
        org.eclipse.paho.client.mqttv3.IMqttToken token = client.subscribeWithResponse("stations/+/readings", 1);
        assertThat(token.getGrantedQos()).containsExactly(0x80);
        client.disconnect();
        client.close();
    }
}
