package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.FunctionCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Cli;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A station in maintenance: its alerts are raised and recorded, but nobody is notified of them. */
class MaintenanceAlertsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void crossing_atAStationInMaintenance_isRecordedButNotNotified_anotherStationsIs() throws Exception {
        Map<String, String> database = Cli.database("maintenance_alerts");
        assertThat(Cli.run(database, "migrate").exit()).isZero();
        try (Connection c = Cli.connect(database);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO station (code, name, kind, maintenance_since, maintenance_by)"
                    + " VALUES ('MT1', 'in maintenance', 'outfall', now(), 'liwei'),"
                    + " ('MT2', 'working', 'outfall', NULL, NULL)");
        }
        try (WebhookReceiver hook = new WebhookReceiver("ok")) {
            Path rules = dir.resolve("rules.yaml");
            Files.writeString(
                    rules,
                    "notifiers:\n  - {id: ops, type: webhook, url: '" + hook.url("/hook") + "'}\n"
                            + "rules:\n  - {id: cod-high, metric: w01018, condition: {above: 100},"
                            + " severity: warning, routes: [ops]}\n");
            try (TestService envmon = TestService.startOn(
                    database.get("ENVMON_DB_URL"), Map.of("ENVMON_ALERT_RULES", rules.toString()))) {
                publish(envmon, "MT1", 150);
                publish(envmon, "MT2", 150);

                await().atMost(WAIT)
                        .until(() -> envmon.count("SELECT count(*) FROM alert WHERE state = 'firing'") == 2);
                await().atMost(WAIT).until(() -> hook.received().size() == 1);
                assertThat(hook.received()
                                .get(0)
                                .json()
                                .path("notice")
                                .path("stationCode")
                                .asText())
                        .isEqualTo("MT2");
                FunctionCounter muted = envmon.service()
                        .registry()
                        .find("envmon_alerting_notifications_muted")
                        .functionCounter();
                assertThat(muted.count()).isEqualTo(1.0);
                assertThat(envmon.count("SELECT count(*) FROM notification n JOIN alert a ON a.id = n.alert_id"
                                + " JOIN station s ON s.id = a.station_id WHERE s.code = 'MT1'"))
                        .isZero();
            }
        }
    }

    private static void publish(TestService envmon, String station, double value) throws Exception {
        MqttClient client = new MqttClient(envmon.mqttUri(), "maint-" + station, new MemoryPersistence());
        client.connect(new MqttConnectOptions());
        client.publish(
                "stations/" + station + "/readings",
                Payloads.utf8("{\"ts\":\"" + Payloads.recent(0) + "\",\"values\":{\"w01018\":" + value + "}}"),
                1,
                false);
        client.disconnect();
        client.close();
    }
}
