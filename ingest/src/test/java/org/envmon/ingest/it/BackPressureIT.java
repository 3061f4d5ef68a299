package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/** A throttled database and fast publishers: the queue stays within its bound and every acked reading lands. */
class BackPressureIT {
    private static final int QUEUE_BYTES = 65_536;
    private static final int CLIENTS = 4;
    private static final int MESSAGES_PER_CLIENT = 100;
    private static final int ELEMENTS_PER_MESSAGE = 10;

    @Test
    void fastPublishersSlowDatabase_queueBoundedAndEveryAckedReadingStored() throws Exception {
        try (TestService envmon = TestService.start(
                "backpressure",
                Map.of(
                        "ENVMON_INGEST_QUEUE_MAX_BYTES",
                        Integer.toString(QUEUE_BYTES),
                        "ENVMON_INGEST_BATCH_MAX_READINGS",
                        "100"))) {
            throttle(envmon);
            List<MqttAsyncClient> clients = new ArrayList<>();
            List<IMqttDeliveryToken> tokens = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String station = "BP" + c;
                envmon.addStation(station);
                MqttAsyncClient client = new MqttAsyncClient(envmon.mqttUri(), "bp-" + c, new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMaxInflight(MESSAGES_PER_CLIENT);
                options.setKeepAliveInterval(60);
                client.connect(options).waitForCompletion(10_000);
                clients.add(client);
                for (int m = 0; m < MESSAGES_PER_CLIENT; m++) {
                    tokens.add(client.publish("stations/" + station + "/readings", backlog(m), 1, false));
                }
            }
            for (IMqttDeliveryToken token : tokens) {
                token.waitForCompletion(120_000);
                assertThat(token.getException()).isNull();
            }
            IngestQueue queue = envmon.service().queue();
            assertThat(queue.highWaterBytes()).isLessThanOrEqualTo(QUEUE_BYTES).isGreaterThan(QUEUE_BYTES / 2);
            assertThat(envmon.service()
                            .registry()
                            .get("envmon.backpressure.pauses")
                            .counter()
                            .count())
                    .isGreaterThan(0);
            long expected = (long) CLIENTS * MESSAGES_PER_CLIENT * ELEMENTS_PER_MESSAGE * 2;
            assertThat(envmon.count("SELECT count(*) FROM reading")).isEqualTo(expected);
            for (MqttAsyncClient client : clients) {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            }
        }
    }

    private static void throttle(TestService envmon) throws Exception {
        try (Connection c = envmon.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN PERFORM pg_sleep(0.05); RETURN NULL; END $$");
            s.execute(
                    "CREATE TRIGGER slow_down BEFORE INSERT ON reading FOR EACH STATEMENT EXECUTE FUNCTION slow_down()");
        }
    }

    private static byte[] backlog(int message) {
        StringBuilder json = new StringBuilder("[");
        for (int e = 0; e < ELEMENTS_PER_MESSAGE; e++) {
            if (e > 0) {
                json.append(',');
            }
            json.append(new String(
                    Payloads.phAndDo(Payloads.recent(message * ELEMENTS_PER_MESSAGE + e), 7.0, 6.0),
                    StandardCharsets.UTF_8));
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
