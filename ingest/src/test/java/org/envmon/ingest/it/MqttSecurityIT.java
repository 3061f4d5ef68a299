package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.envmon.ingest.cli.EnvmonCli;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default (anonymous off) service with real Paho clients: logins set by the CLI, refusals, topic ACL. */
class MqttSecurityIT {
    private static final String STATION = "SEC001";
    private static final String NEIGHBOUR = "SEC002";
    private static TestService envmon;
    private static String secret;

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start(
                "mqtt_security",
                Map.of("ENVMON_MQTT_ALLOW_ANONYMOUS", "false", "ENVMON_STATIONS_REFRESH_INTERVAL", "1s"));
        envmon.addStation(STATION);
        envmon.addStation(NEIGHBOUR);
        secret = passwd(STATION);
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    /** Runs {@code envmon stations passwd CODE} against the service's database; returns the printed secret. */
    private static String passwd(String code) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DB_URL", envmon.jdbcUrl());
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EnvmonCli.run(
                new String[] {"stations", "passwd", code}, env, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines[0]).contains("shown only now");
        return lines[lines.length - 1];
    }

    private static MqttAsyncClient v5(String clientId, String user, String password) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(
                envmon.mqttUri(), clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setUserName(user);
        options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(15_000);
        return client;
    }

    private static MqttConnectOptions v3Options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return options;
    }

    @Test
    void connect_tenWrongPasswordsInAMinute_rightOneRefusedUncheckedUntilTheMinuteIsOver() throws Exception {
        String guessed = "SEC003";
        envmon.addStation(guessed);
        String right = passwd(guessed);
        for (int attempt = 1; attempt <= 10; attempt++) {
            MqttClient client = new MqttClient(envmon.mqttUri(), "guesser-" + attempt, new MemoryPersistence());
            MqttConnectOptions options = v3Options();
            options.setUserName(guessed);
            options.setPassword(("guess-" + attempt).toCharArray());
            assertThatThrownBy(() -> client.connect(options))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode())
                                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
            client.close();
        }
        MqttClient client = new MqttClient(envmon.mqttUri(), "guesser-right", new MemoryPersistence());
        MqttConnectOptions options = v3Options();
        options.setUserName(guessed);
        options.setPassword(right.toCharArray());
        assertThatThrownBy(() -> client.connect(options))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        client.close();

        assertThat(envmon.service()
                        .registry()
                        .get("envmon.connections.refused")
                        .tag("reason", "login_throttled")
                        .counter()
                        .count())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> envmon.count(
                                "SELECT count(*) FROM rejected_message"
                                        + " WHERE reason = 'bad_credentials' AND detail LIKE ?",
                                "%'" + guessed + "'%")
                        == 10);
        assertThat(envmon.count(
                        "SELECT count(*) FROM rejected_message WHERE detail LIKE ?",
                        "%'" + guessed + "' from 127.0.0.1 is refused unchecked%"))
                .as("the tenth says it blocks")
                .isEqualTo(1);
        MqttAsyncClient neighbour = v5("neighbour-after-guesser", STATION, secret);
        assertThat(neighbour.isConnected())
                .as("other stations from the same address log in")
                .isTrue();
        neighbour.disconnect().waitForCompletion(5_000);
        neighbour.close();
    }

    @Test
    void connect_anonymousByDefault_refusedNotAuthorizedAndRecorded() throws Exception {
        MqttClient client = new MqttClient(envmon.mqttUri(), "anonymous-1", new MemoryPersistence());
        assertThatThrownBy(() -> client.connect(v3Options()))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> envmon.count(
                                "SELECT count(*) FROM rejected_message WHERE reason = 'anonymous_refused' AND client_id = ?",
                                "anonymous-1")
                        == 1);
        client.close();
    }

    @Test
    void connect_wrongPassword_refusedBadCredentialsAndRecorded() throws Exception {
        MqttClient client = new MqttClient(envmon.mqttUri(), "guesser-1", new MemoryPersistence());
        MqttConnectOptions options = v3Options();
        options.setUserName(STATION);
        options.setPassword("not-the-secret".toCharArray());
        assertThatThrownBy(() -> client.connect(options))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> envmon.count(
                                "SELECT count(*) FROM rejected_message WHERE reason = 'bad_credentials' AND client_id = ?"
                                        + " AND detail NOT LIKE '%not-the-secret%'",
                                "guesser-1")
                        == 1);
        client.close();
    }

    @Test
    void passwd_storesOnlyASaltedHashWithItsParameters() throws Exception {
        assertThat(envmon.count(
                        "SELECT count(*) FROM station WHERE code = ? AND mqtt_password_hash LIKE"
                                + " 'pbkdf2-sha256$600000$%' AND strpos(mqtt_password_hash, ?) = 0",
                        STATION, secret))
                .isEqualTo(1);
    }

    @Test
    void publish_loggedInStation_ownTopicStoredOtherStationsTopicRefused() throws Exception {
        MqttAsyncClient client = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> v5("sec-station", STATION, secret), MqttAsyncClient::isConnected);
        MqttMessage reading = new MqttMessage(Payloads.phAndDo(Payloads.recent(1), 7.3, 8.0));
        reading.setQos(1);
        IMqttToken own = client.publish("stations/" + STATION + "/readings", reading);
        own.waitForCompletion(10_000);
        assertThat(own.getReasonCodes()).containsExactly(0);
        assertThat(envmon.readingsOf(STATION)).isEqualTo(2);

        IMqttToken foreign = client.publish("stations/" + NEIGHBOUR + "/readings", reading);
        foreign.waitForCompletion(10_000);
        assertThat(foreign.getReasonCodes()).containsExactly(0x87);
        assertThat(envmon.readingsOf(NEIGHBOUR)).isZero();
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE reason = 'foreign_station'"
                        + " AND client_id = 'sec-station'"))
                .isEqualTo(1);
        assertThat(client.isConnected()).isTrue();
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }

    @Test
    void passwd_rotated_oldSecretRefusedNewOneAccepted() throws Exception {
        String first = passwd(NEIGHBOUR);
        MqttAsyncClient client = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> v5("rotating-1", NEIGHBOUR, first), MqttAsyncClient::isConnected);
        client.disconnect().waitForCompletion(5_000);
        client.close();
        String second = passwd(NEIGHBOUR);
        assertThat(second).isNotEqualTo(first);
        MqttAsyncClient rotated = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> v5("rotating-2", NEIGHBOUR, second), MqttAsyncClient::isConnected);
        rotated.disconnect().waitForCompletion(5_000);
        rotated.close();
        assertThatThrownBy(() -> v5("rotating-3", NEIGHBOUR, first))
                .isInstanceOfSatisfying(
                        org.eclipse.paho.mqttv5.common.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
    }

    @Test
    void passwd_newSecret_acceptedAtOnceWithoutWaitingForTheRefresh() throws Exception {
        try (TestService slowRefresh = TestService.start(
                "mqtt_fresh_secret",
                Map.of("ENVMON_MQTT_ALLOW_ANONYMOUS", "false", "ENVMON_STATIONS_REFRESH_INTERVAL", "10m"))) {
            TestService serviceBefore = envmon;
            envmon = slowRefresh;
            try {
                slowRefresh.addStation("FRESH01");
                String fresh = passwd("FRESH01");
                MqttAsyncClient client = v5("fresh-1", "FRESH01", fresh);
                assertThat(client.isConnected()).isTrue();
                client.disconnect().waitForCompletion(5_000);
                client.close();
                assertThatThrownBy(() -> v5("fresh-2", "FRESH01", "wrong"))
                        .isInstanceOfSatisfying(
                                org.eclipse.paho.mqttv5.common.MqttException.class,
                                e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
            } finally {
                envmon = serviceBefore;
            }
        }
    }

    @Test
    void passwd_unknownStation_failsWithMessage() {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DB_URL", envmon.jdbcUrl());
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EnvmonCli.run(
                new String[] {"stations", "passwd", "NOSUCH"},
                env,
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("NOSUCH");
        assertThat(out.toString()).isEmpty();
    }
}
