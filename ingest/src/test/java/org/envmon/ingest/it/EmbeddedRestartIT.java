package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern READY = Pattern.compile("envmon ready: MQTT port (\\d+)");
    private static final Pattern EMBEDDED_PORT = Pattern.compile("Embedded PostgreSQL started on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataDir;

    private record Running(Process process, int mqttPort, int dbPort) {
    }

    private Running startService() throws Exception {
        Path jar = Path.of("target", "envmon.jar");
        assertThat(jar).as("the packaged jar (mvn package runs before the integration tests)").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve");
        builder.environment().put("ENVMON_DATA_DIR", dataDir.toString());
        builder.environment().put("ENVMON_MQTT_PORT", "0");
        builder.environment().put("ENVMON_HTTP_PORT", "0");
        builder.environment().put("ENVMON_UNKNOWN_STATIONS", "register");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuffer output = new StringBuffer();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, output, ports), "service-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int[] found = ports.get(120, TimeUnit.SECONDS);
            return new Running(process, found[0], found[1]);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("service did not become ready; its output:\n" + output, e);
        }
    }

    /** Reads the child's output until it ends, completing {@code ports} at the ready line. */
    private static void readOutput(Process process, StringBuffer output, CompletableFuture<int[]> ports) {
        int dbPort = -1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
                Matcher db = EMBEDDED_PORT.matcher(line);
                if (db.find()) {
                    dbPort = Integer.parseInt(db.group(1));
                }
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    ports.complete(new int[] {Integer.parseInt(ready.group(1)), dbPort});
                }
            }
        } catch (IOException e) {
            output.append("[output read failed: ").append(e).append("]\n");
        }
        ports.completeExceptionally(new IllegalStateException("service exited before it was ready"));
    }

    private static void publish(Running running, String station, int first, int count) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + running.mqttPort(), "restart-" + first,
                new MemoryPersistence());
        client.connect();
        for (int i = first; i < first + count; i++) {
            client.publish("stations/" + station + "/readings", Payloads.phAndDo(Payloads.recent(i), 7.0, 6.0), 1,
                    false);
        }
        client.disconnect();
        client.close();
    }

    private static long readings(Running running) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + running.dbPort() + "/envmon",
                "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void serve_stopAndSigkill_acknowledgedDataSurvivesRestarts() throws Exception {
        Running first = startService();
        publish(first, "RESTART", 0, 10);
        first.process().destroy();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("clean stop on SIGTERM").isTrue();

        Running second = startService();
        assertThat(readings(second)).isEqualTo(20);
        publish(second, "RESTART", 10, 10);
        second.process().destroyForcibly();
        second.process().waitFor(30, TimeUnit.SECONDS);

        Running third = startService();
        assertThat(readings(third)).isEqualTo(40);
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();

        StringWriter out = new StringWriter();
        int exit = EnvmonCli.run(new String[] {"stations", "list"}, Map.of("ENVMON_DATA_DIR", dataDir.toString()),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("RESTART").contains("1 station(s)");

        third.process().destroy();
        assertThat(third.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}
