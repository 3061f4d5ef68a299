package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.service.EnvmonService;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.StoppablePostgres;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/** The service and its database start together: a database still starting is waited for, a wrong one is not. */
class DatabaseStartupIT {

    @Test
    void start_databaseComesUpSecondsLater_serviceWaitsThenStoresData() throws Exception {
        try (StoppablePostgres postgres = new StoppablePostgres()) {
            postgres.stop();
            EnvmonConfig config = TestService.config(
                    postgres.jdbcUrl(),
                    Map.of(
                            "ENVMON_DB_USER",
                            "postgres",
                            "ENVMON_DB_PASSWORD",
                            "",
                            "ENVMON_DB_STARTUP_WAIT",
                            "60s",
                            "ENVMON_UNKNOWN_STATIONS",
                            "register"));
            CompletableFuture<EnvmonService> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return EnvmonService.start(config);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !starting.isDone());

            postgres.start();

            try (EnvmonService service = starting.get(60, TimeUnit.SECONDS)) {
                MqttClient client =
                        new MqttClient("tcp://127.0.0.1:" + service.mqttPort(), "late-db", new MemoryPersistence());
                client.connect();
                client.publish("stations/LATE1/readings", Payloads.phAndDo(Payloads.recent(1), 7.0, 8.0), 1, false);
                client.disconnect();
                client.close();
                assertThat(service.health().isUp()).isTrue();
                try (Connection c = service.database().dataSource().getConnection();
                        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM reading")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void start_noSuchDatabase_failsAtOnceNamingTheCause() {
        String url = TestPostgres.newDatabase("startup_wrong") + "_does_not_exist";
        EnvmonConfig config = TestService.config(url, Map.of("ENVMON_DB_STARTUP_WAIT", "60s"));

        assertThatThrownBy(() -> EnvmonService.start(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(1 attempt)")
                .hasMessageContaining("does not exist");
    }

    @Test
    void start_databaseNeverComes_givesUpAfterStartupWaitNamingTheAttempts() throws Exception {
        try (StoppablePostgres postgres = new StoppablePostgres()) {
            postgres.stop();
            EnvmonConfig config = TestService.config(
                    postgres.jdbcUrl(),
                    Map.of("ENVMON_DB_USER", "postgres", "ENVMON_DB_PASSWORD", "", "ENVMON_DB_STARTUP_WAIT", "3s"));

            assertThatThrownBy(() -> EnvmonService.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("attempts within db.startupWait 3s")
                    .hasMessageContaining("Connection");
        }
    }
}
