package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PUBACK is written only after the transaction holding the message's readings committed. */
class AckAfterCommitIT {
    private static TestService envmon;

    @BeforeAll
    static void start() throws Exception {
        // Without the spool a failed write is never acknowledged; with it, the batch would be spooled
        // and acknowledged (that path is covered by DatabaseConnectionCutIT).
        envmon = TestService.start("ack_after_commit", Map.of("ENVMON_SPOOL_ENABLED", "false"));
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    private static MqttAsyncClient connect(String clientId) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(envmon.mqttUri(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static long readingsSeenBy(Connection c, String station) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id "
                        + "WHERE s.code = '" + station + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void qos1_whileTableLocked_noPubackUntilCommit() throws Exception {
        envmon.addStation("HELD");
        MqttAsyncClient client = connect("held");
        IMqttDeliveryToken token;
        try (Connection lock = envmon.connect()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
            }
            token = client.publish("stations/HELD/readings", Payloads.phAndDo(Payloads.recent(0), 7.0, 6.0), 1, false);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !token.isComplete());
            assertThat(readingsSeenBy(lock, "HELD")).isZero();
            lock.rollback();
        }
        token.waitForCompletion(10_000);
        assertThat(token.getException()).isNull();
        assertThat(envmon.readingsOf("HELD")).isEqualTo(2);
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }

    @Test
    void qos1_writeFails_noPubackConnectionClosedAndRedeliveryStoredOnce() throws Exception {
        envmon.addStation("FAILS");
        MqttAsyncClient client = connect("fails");
        byte[] payload = Payloads.phAndDo(Payloads.recent(0), 7.0, 6.0);
        IMqttDeliveryToken token;
        try (Connection admin = envmon.connect()) {
            admin.setAutoCommit(false);
            try (Statement s = admin.createStatement()) {
                s.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
            }
            token = client.publish("stations/FAILS/readings", payload, 1, false);
            try (Connection killer = envmon.connect();
                    Statement s = killer.createStatement()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE "
                            + "application_name = 'envmon' AND wait_event_type = 'Lock'")) {
                        rs.next();
                        return rs.getInt(1) > 0;
                    }
                });
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'envmon' "
                        + "AND wait_event_type = 'Lock'");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
            admin.rollback();
        }
        assertThat(token.isComplete() && token.getException() == null)
                .as("acknowledged")
                .isFalse();
        assertThat(envmon.readingsOf("FAILS")).isZero();

        MqttAsyncClient again = connect("fails-again");
        again.publish("stations/FAILS/readings", payload, 1, false).waitForCompletion(10_000);
        again.publish("stations/FAILS/readings", payload, 1, false).waitForCompletion(10_000);
        assertThat(envmon.readingsOf("FAILS")).isEqualTo(2);
        again.disconnect().waitForCompletion(5_000);
        again.close();
        client.close();
    }
}
