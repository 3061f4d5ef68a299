package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/** Shutdown stops reading, writes and acknowledges what is queued, then closes: no acked message is missing. */
class GracefulShutdownIT {

    @Test
    void close_withQueuedMessages_queuedMessagesAckedAndEveryAckStored() throws Exception {
        TestService envmon = TestService.start("shutdown", Map.of("ENVMON_INGEST_BATCH_MAX_READINGS", "4"));
        envmon.addStation("SHUT");
        try (Connection c = envmon.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN PERFORM pg_sleep(0.1); RETURN NULL; END $$");
            s.execute(
                    "CREATE TRIGGER slow_down BEFORE INSERT ON reading FOR EACH STATEMENT EXECUTE FUNCTION slow_down()");
        }
        MqttAsyncClient client = new MqttAsyncClient(envmon.mqttUri(), "shut", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(200);
        client.connect(options).waitForCompletion(10_000);
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            tokens.add(
                    client.publish("stations/SHUT/readings", Payloads.phAndDo(Payloads.recent(i), 7.0, 6.0), 1, false));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> envmon.service().queue().requests() >= 10);
        int queuedAtClose = envmon.service().queue().requests();

        envmon.close();

        long acked = tokens.stream()
                .filter(t -> t.isComplete() && t.getException() == null)
                .count();
        assertThat(acked).isGreaterThanOrEqualTo(queuedAtClose);
        try (TestService reopened = TestService.startOn(envmon.jdbcUrl(), Map.of())) {
            assertThat(reopened.readingsOf("SHUT")).isEqualTo(acked * 2);
        }
        client.close(true);
    }
}
