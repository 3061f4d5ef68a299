package org.envmon.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.cli.EnvmonCli;
import org.envmon.ingest.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service on its embedded PostgreSQL, as a separate process: data survives a clean
 * stop and a SIGKILL (the orphaned postgres is stopped at the next start, never the data deleted).
 */
class EmbeddedRestartIT {

    @TempDir
    Path dataDir;

    private ServiceProcess startService() throws Exception {
        return ServiceProcess.start(
                Map.of("ENVMON_DATA_DIR", dataDir.toString(), "ENVMON_UNKNOWN_STATIONS", "register"));
    }

    private static void publish(ServiceProcess running, String station, int first, int count) throws Exception {
        MqttClient client = new MqttClient(running.mqttUri(), "restart-" + first, new MemoryPersistence());
        client.connect();
        for (int i = first; i < first + count; i++) {
            client.publish(
                    "stations/" + station + "/readings", Payloads.phAndDo(Payloads.recent(i), 7.0, 6.0), 1, false);
        }
        client.disconnect();
        client.close();
    }

    private static long readings(ServiceProcess running) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + running.dbPort() + "/envmon", "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void serve_stopAndSigkill_acknowledgedDataSurvivesRestarts() throws Exception {
        ServiceProcess first = startService();
        publish(first, "RESTART", 0, 10);
        first.stop();

        ServiceProcess second = startService();
        assertThat(readings(second)).isEqualTo(20);
        publish(second, "RESTART", 10, 10);
        second.kill();

        ServiceProcess third = startService();
        assertThat(readings(third)).isEqualTo(40);
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION")))
                .isTrue();

        StringWriter out = new StringWriter();
        int exit = EnvmonCli.run(
                new String[] {"stations", "list"},
                Map.of("ENVMON_DATA_DIR", dataDir.toString()),
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("RESTART").contains("1 station(s)");

        third.stop();
    }
}
