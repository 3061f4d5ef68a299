package org.envmon.ingest.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.cli.EnvmonCli;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code envmon serve …} in a JVM of its own, from the test class path, so a test can kill it the way
 * an operating system does (SIGKILL: no shutdown hook, nothing flushed) and start it again. Its output
 * goes to a log file next to the test's other output; the last lines are logged when it fails to start.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Map<String, String> env;
    private final List<String> args;
    private final Path logFile;
    private final int httpPort;
    private Process process;

    /** @param env the service's environment; ENVMON_HTTP_PORT is taken from it to watch /health */
    public ServiceProcess(String name, Map<String, String> env, Path logDir, String... args) {
        this.name = name;
        this.env = Map.copyOf(env);
        this.args = List.of(args);
        this.logFile = logDir.resolve(name + ".log");
        this.httpPort = Integer.parseInt(env.get("ENVMON_HTTP_PORT"));
    }

    /** A port free now, for a service process to bind (the test must know it in advance). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process and waits until its /health answers 200. */
    public ServiceProcess start(Duration wait) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EnvmonCli.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        log.info("{} started (pid {}), output in {}", name, process.pid(), logFile);
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                }
                return healthStatus() == 200;
            });
        } catch (RuntimeException e) {
            log.error("{} did not become healthy; its last output:\n{}", name, tail());
            throw e;
        }
        return this;
    }

    /** The HTTP status of /health, or -1 when nothing answers. */
    public int healthStatus() {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of /health. */
    public String health() throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** SIGKILL: the process ends at once, with whatever it held in memory. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        log.info("{} killed (SIGKILL)", name);
    }

    /** SIGTERM, then waits for the graceful stop. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The last lines the process wrote. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            stop();
        }
    }
}
