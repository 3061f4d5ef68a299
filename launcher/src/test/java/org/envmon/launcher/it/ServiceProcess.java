package org.envmon.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged service ({@code ingest/target/envmon.jar serve}, assembled by this module's package phase) as a
 * separate process, for crash tests.
 */
public final class ServiceProcess {
    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    private static final Pattern READY = Pattern.compile("envmon ready: MQTT port (\\d+).* HTTP port (\\d+)");
    private static final Pattern EMBEDDED_PORT =
            Pattern.compile("Embedded PostgreSQL started on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int mqttPort;
    private final int httpPort;
    private final int dbPort;

    private ServiceProcess(Process process, int mqttPort, int httpPort, int dbPort) {
        this.process = process;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.dbPort = dbPort;
    }

    /** Starts {@code serve} with the given environment and waits until it is ready. */
    public static ServiceProcess start(Map<String, String> environment) throws Exception {
        Path jar = Path.of("..", "ingest", "target", "envmon.jar");
        assertThat(jar)
                .as("the packaged jar (this module's package phase runs before its integration tests)")
                .exists();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "serve");
        builder.environment().put("ENVMON_MQTT_PORT", "0");
        builder.environment().put("ENVMON_HTTP_PORT", "0");
        // Crash and restart tests publish without logging in; the login is proven by its own tests.
        builder.environment().put("ENVMON_MQTT_ALLOW_ANONYMOUS", "true");
        builder.environment().put("ENVMON_HJ212_REQUIRE_PASSWORD", "false");
        builder.environment().put("ENVMON_LIMITS_STATION_MESSAGES_PER_SECOND", "1000000");
        builder.environment().put("ENVMON_LIMITS_STATION_BURST", "1000000");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuffer startOutput = new StringBuffer();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        // A thread of its own: on 2 cores the common pool has one thread, which another reader may hold.
        Thread reader = new Thread(() -> read(process, startOutput, ports), "service-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int[] found = ports.get(120, TimeUnit.SECONDS);
            return new ServiceProcess(process, found[0], found[1], found[2]);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("service did not become ready; its output:\n" + startOutput, e);
        }
    }

    /** Follows the child's output to its end, completing {@code ports} at the ready line. */
    private static void read(Process process, StringBuffer startOutput, CompletableFuture<int[]> ports) {
        int dbPort = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!ports.isDone()) {
                    startOutput.append(line).append('\n');
                    log.info("[service] {}", line);
                } else if (line.contains("WARN") || line.contains("ERROR") || line.contains("Spool")) {
                    log.info("[service] {}", line);
                }
                Matcher db = EMBEDDED_PORT.matcher(line);
                if (db.find()) {
                    dbPort = Integer.parseInt(db.group(1));
                }
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    ports.complete(
                            new int[] {Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)), dbPort});
                }
            }
        } catch (IOException e) {
            log.debug("service output ended: {}", e.getMessage());
        }
        ports.completeExceptionally(new IllegalStateException("service exited before it was ready"));
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Port of the embedded PostgreSQL the process started, or -1 when it uses a configured database. */
    public int dbPort() {
        return dbPort;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** SIGTERM and wait for the graceful stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("stopped on SIGTERM")
                .isTrue();
    }
}
