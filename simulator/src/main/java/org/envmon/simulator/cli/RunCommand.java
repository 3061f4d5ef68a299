package org.envmon.simulator.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.load.LoadRunner;
import org.envmon.simulator.load.PayloadFormat;
import org.envmon.simulator.load.RunPlan;
import org.envmon.simulator.load.RunSummary;
import org.envmon.simulator.load.TransportKind;
import org.envmon.simulator.transport.MqttSettings;
import org.envmon.simulator.transport.StationCredentials;
import org.envmon.simulator.verify.Verifier;
import org.envmon.simulator.verify.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Simulate stations at a fixed rate; print progress and a summary; optionally verify zero loss.")
final class RunCommand implements Callable<Integer> {
    private static final int SHARED_CONNECTIONS = 4;

    @Option(
            names = "--target",
            defaultValue = "tcp://127.0.0.1:1883",
            description =
                    "tcp://host:port or ssl://host:port (MQTT); tcp://host:port for hj212-tcp. Default ${DEFAULT-VALUE}.")
    URI target;

    @Option(names = "--transport", defaultValue = "mqtt", description = "mqtt or hj212-tcp (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--format", defaultValue = "json", description = "json or hj212 (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--catalog", paramLabel = "FILE", description = "Station catalogue CSV (default: the shipped one).")
    Path catalog;

    @Option(
            names = "--stations",
            description = "Stations to simulate (default: the whole catalogue; more = derived copies).")
    Integer stations;

    @Option(
            names = "--rate",
            description = "Messages per second over all stations (default: one per station per second).")
    Double rate;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to send (0 = until Ctrl-C). Default ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--qos", defaultValue = "1", description = "MQTT QoS 0, 1 or 2 (default ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--mqtt-version", defaultValue = "3", description = "3 (3.1.1) or 5 (default ${DEFAULT-VALUE}).")
    int mqttVersion;

    @Option(
            names = "--username",
            description = "MQTT user name (one login for all stations: a single station, "
                    + "or a server with anonymous access on).")
    String username;

    @Option(
            names = "--password",
            arity = "0..1",
            interactive = true,
            description = "MQTT password (prompted if no value).")
    char[] password;

    @Option(
            names = "--credentials",
            paramLabel = "FILE",
            description = "Per-station MQTT logins: the "
                    + "code,password CSV of 'envmon stations passwd --csv'. Each station gets a connection of its own.")
    Path credentials;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust only these CA certificates (ssl:// targets).")
    Path caFile;

    @Option(
            names = "--connections",
            description =
                    "Connections the stations share (default " + SHARED_CONNECTIONS + "; not with --credentials).")
    Integer connections;

    @Option(
            names = "--inflight",
            defaultValue = "10",
            description = "Unacknowledged messages per connection (default ${DEFAULT-VALUE}).")
    int inflight;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Random seed: same seed, same data (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--cn",
            defaultValue = "2011",
            description = "HJ 212 command: 2011 real-time, 2051 minute, 2061 hourly.")
    String cn;

    @Option(names = "--no-answer", description = "HJ 212: do not ask for 9014 answers (Flag without the A bit).")
    boolean noAnswer;

    @Option(
            names = "--dialect-2005",
            defaultValue = "0",
            paramLabel = "SHARE",
            description = "Share of HJ 212 stations with HJ/T 212-2005 loggers (default ${DEFAULT-VALUE}).")
    double dialect2005;

    @Option(names = "--hj212-password", defaultValue = "123456", description = "PW the stations send.")
    String hj212Password;

    @Option(names = "--episodes", defaultValue = "1", description = "Scale of random episode rates; 0 = none.")
    double episodes;

    @Option(names = "--faults", defaultValue = "0", description = "Scale of random fault rates; 0 = none (default).")
    double faults;

    @Option(names = "--zone", defaultValue = "Asia/Shanghai", description = "Stations' local time zone.")
    ZoneId zone;

    @Option(
            names = "--progress",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Progress line interval (default ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(
            names = "--drain-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "After sending, how long to wait for outstanding acknowledgements.")
    Duration drainTimeout;

    @Option(
            names = "--verify",
            paramLabel = "JDBC_URL",
            description = "After the run, check every acknowledged reading "
                    + "is in this database exactly once (exit 3 if not).")
    String verify;

    @Option(names = "--db-user", description = "User for --verify.")
    String dbUser;

    @Option(names = "--db-password", description = "Password for --verify (or ENVMON_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
    Path summaryJson;

    @Override
    @SuppressForbidden(reason = "progress lines and the summary are the run's console output")
    public Integer call() throws Exception {
        Catalog source = catalog == null ? Catalog.defaults() : Catalog.load(catalog);
        int count = stations == null ? source.stations().size() : stations;
        TransportKind transportKind = Options.transport(transport);
        PayloadFormat payload = Options.format(format);
        if (credentials != null && connections != null) {
            throw new IllegalArgumentException(
                    "--connections does not go with --credentials: " + "each station has a connection of its own");
        }
        if (credentials != null && !Files.isReadable(credentials)) {
            throw new IllegalArgumentException("--credentials " + credentials + ": no such readable file");
        }
        Optional<StationCredentials> logins =
                credentials == null ? Optional.empty() : Optional.of(StationCredentials.load(credentials));
        MqttSettings mqtt = transportKind == TransportKind.MQTT
                ? new MqttSettings(
                        target,
                        mqttVersion,
                        qos,
                        Optional.ofNullable(username),
                        Optional.ofNullable(password),
                        Optional.ofNullable(caFile),
                        Duration.ofSeconds(10),
                        60)
                : null;
        RunPlan plan = new RunPlan(
                source.take(count),
                rate == null ? count : rate,
                duration.isZero() ? Optional.empty() : Optional.of(duration),
                payload,
                transportKind,
                mqtt,
                logins,
                transportKind == TransportKind.HJ212_TCP ? Optional.of(target) : Optional.empty(),
                connections == null ? SHARED_CONNECTIONS : connections,
                inflight,
                seed,
                zone,
                Hj212Command.parse(cn),
                !noAnswer,
                dialect2005,
                hj212Password,
                episodes,
                faults,
                Map.of(),
                Map.of(),
                progressEvery,
                drainTimeout);
        Optional<Verifier> verifier = Optional.ofNullable(verify)
                .map(url -> new Verifier(
                        url,
                        Optional.ofNullable(dbUser),
                        Optional.ofNullable(dbPassword)
                                .or(() -> Optional.ofNullable(System.getenv("ENVMON_DB_PASSWORD")))));
        PrintStream out = System.out;
        LoadRunner runner = new LoadRunner(plan, Clock.systemUTC(), out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    runner.stop();
                    try {
                        finished.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "simulator-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunSummary summary = runner.run();
            if (verifier.isPresent()) {
                VerifyResult result = verifier.get().verify(runner.ledger());
                summary = summary.withVerify(result);
            }
            out.print(summary.human());
            out.println(summary.json());
            if (summaryJson != null) {
                Files.writeString(summaryJson, summary.json() + "\n", StandardCharsets.UTF_8);
            }
            return summary.verify().map(VerifyResult::ok).orElse(true) ? 0 : SimulatorCli.EXIT_VERIFY_FAILED;
        } finally {
            finished.countDown();
        }
    }
}
