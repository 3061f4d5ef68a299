package org.envmon.simulator.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.envmon.simulator.bench.CopyCeiling;
import org.envmon.simulator.bench.IdleConnections;
import org.envmon.simulator.bench.MemoryWatch;
import org.envmon.simulator.bench.ServiceMetrics;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.load.LoadRunner;
import org.envmon.simulator.load.Pacing;
import org.envmon.simulator.load.PayloadFormat;
import org.envmon.simulator.load.RunPlan;
import org.envmon.simulator.load.RunSummary;
import org.envmon.simulator.load.TransportKind;
import org.envmon.simulator.transport.MqttSettings;
import org.envmon.simulator.verify.Verifier;
import org.envmon.simulator.verify.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure a running envmon against its own database: the COPY ceiling of the migrated reading table,"
                    + " then the service end to end at saturation and at half that rate, with every acknowledged"
                    + " reading verified; or, with --idle-connections, the memory of many idle MQTT connections.",
            "The service needs anonymous MQTT access and stations registered on first data"
                    + " (ENVMON_MQTT_ALLOW_ANONYMOUS=true ENVMON_UNKNOWN_STATIONS=register); see docs/benchmarks.md."
        })
final class BenchCommand implements Callable<Integer> {
    private static final int CEILING_STATIONS = 1000;
    private static final int CEILING_METRICS = 8;
    private static final double MIB = 1024.0 * 1024.0;

    @Option(
            names = "--target",
            defaultValue = "tcp://127.0.0.1:1883",
            description = "The service's MQTT (or HJ 212) listener.")
    URI target;

    @Option(
            names = "--metrics-url",
            defaultValue = "http://127.0.0.1:8080/metrics",
            description = "The service's /metrics.")
    URI metricsUrl;

    @Option(names = "--service-pid", description = "The service's process id, to settle memory with a full GC (jcmd).")
    Long servicePid;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "The service's database (throughput mode).")
    String dbUrl;

    @Option(names = "--db-user", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password", description = "Database password (or ENVMON_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--transport", defaultValue = "mqtt", description = "mqtt or hj212-tcp (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--format", defaultValue = "json", description = "json or hj212 (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--stations", defaultValue = "5000", description = "Stations (default ${DEFAULT-VALUE}).")
    int stations;

    @Option(
            names = "--connections",
            defaultValue = "16",
            description = "Shared connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--inflight",
            defaultValue = "50",
            description = "Unacknowledged messages per connection (default ${DEFAULT-VALUE}).")
    int inflight;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Length of each phase (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Before measuring: every station sends once every 5 s for this long, so that stations are"
                    + " registered and code is compiled (default ${DEFAULT-VALUE}; 0 = none).")
    Duration warmup;

    @Option(
            names = "--ceiling-slots",
            defaultValue = "150",
            description = "Minutes of data for the COPY ceiling: " + CEILING_STATIONS + " stations x " + CEILING_METRICS
                    + " factors each (default ${DEFAULT-VALUE}: 1.2 M readings).")
    int ceilingSlots;

    @Option(
            names = "--idle-connections",
            paramLabel = "N",
            description = "Connections mode: open N idle MQTT 3.1.1 connections.")
    Integer idleConnections;

    @Option(
            names = "--idle-hosts",
            split = ",",
            description = "Connections mode: addresses to spread the connections over"
                    + " (default: the --target host), e.g. 127.0.0.1,127.0.0.2 for more local ports.")
    List<String> idleHosts;

    @Option(
            names = "--hold",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Connections mode: how long to keep them open (default ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(
            names = "--keep-alive",
            defaultValue = "60",
            description = "Connections mode: MQTT keep-alive in seconds (default ${DEFAULT-VALUE}).")
    int keepAlive;

    private double clientCores;

    @Override
    @SuppressForbidden(reason = "the benchmark's report is its console output")
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ServiceMetrics metrics = new ServiceMetrics(metricsUrl);
        try (MemoryWatch memory = new MemoryWatch(metrics, Optional.ofNullable(servicePid))) {
            return idleConnections != null ? connections(out, memory) : throughput(out, memory);
        }
    }

    private int throughput(PrintStream out, MemoryWatch memory) throws Exception {
        if (dbUrl == null) {
            throw new IllegalArgumentException("bench needs --db-url (the service's database), or --idle-connections");
        }
        Optional<String> password =
                Optional.ofNullable(dbPassword).or(() -> Optional.ofNullable(System.getenv("ENVMON_DB_PASSWORD")));
        Properties login = new Properties();
        Optional.ofNullable(dbUser).ifPresent(u -> login.setProperty("user", u));
        password.ifPresent(p -> login.setProperty("password", p));
        Verifier verifier = new Verifier(dbUrl, Optional.ofNullable(dbUser), password);
        out.printf(
                Locale.ROOT,
                "envmon bench: %d stations, %s over %s, %d connections x %d in flight, %d s per phase%n",
                stations,
                format,
                transport,
                connections,
                inflight,
                duration.toSeconds());

        CopyCeiling.Result ceiling;
        try (Connection connection = DriverManager.getConnection(dbUrl, login)) {
            ceiling = new CopyCeiling(connection).measure(CEILING_STATIONS, CEILING_METRICS, ceilingSlots);
        }
        out.printf(
                Locale.ROOT,
                "COPY ceiling: %,d readings in %.1f s = %,.0f readings/s (text COPY, one transaction)%n",
                ceiling.rows(),
                ceiling.seconds(),
                ceiling.rowsPerSecond());

        if (!warmup.isZero()) {
            // every station once every five seconds: stations registered and code warmed before measuring
            RunSummary warm = phase(Pacing.FIXED_RATE, stations / 5.0, warmup, null);
            out.printf(
                    Locale.ROOT,
                    "warm-up: %,d messages acknowledged in %d s (not measured)%n",
                    warm.acked(),
                    warmup.toSeconds());
        }
        memory.takePeaks();
        RunSummary saturated = phase(Pacing.SATURATE, stations, duration, verifier);
        MemoryWatch.Figures saturatedPeak = memory.takePeaks();
        report(out, "saturated", saturated, ceiling, saturatedPeak);

        double half = saturated.ackedPerSecond() / 2;
        RunSummary halfRate = phase(Pacing.FIXED_RATE, half, duration, verifier);
        report(
                out,
                String.format(Locale.ROOT, "half rate (%.0f msg/s offered)", half),
                halfRate,
                ceiling,
                memory.takePeaks());

        out.printf(
                Locale.ROOT,
                "{\"ceilingReadingsPerSecond\":%.1f,\"saturated\":%s,\"halfRate\":%s,\"ratio\":%.3f,\"peakHeapBytes\":%.0f}%n",
                ceiling.rowsPerSecond(),
                saturated.json(),
                halfRate.json(),
                saturated.readingsPerSecond() / ceiling.rowsPerSecond(),
                saturatedPeak.heap());
        boolean ok = saturated.verify().map(VerifyResult::ok).orElse(false)
                && halfRate.verify().map(VerifyResult::ok).orElse(false);
        return ok ? 0 : SimulatorCli.EXIT_VERIFY_FAILED;
    }

    /** One load phase; verified unless {@code verifier} is null. */
    private RunSummary phase(Pacing pacing, double rate, Duration length, Verifier verifier) throws Exception {
        TransportKind kind = Options.transport(transport);
        PayloadFormat payload = Options.format(format);
        MqttSettings mqtt = kind == TransportKind.MQTT
                ? new MqttSettings(
                        target, 3, 1, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), 60)
                : null;
        RunPlan plan = new RunPlan(
                Catalog.defaults().take(stations),
                rate,
                Optional.of(length),
                payload,
                kind,
                mqtt,
                Optional.empty(),
                kind == TransportKind.HJ212_TCP ? Optional.of(target) : Optional.empty(),
                connections,
                inflight,
                1,
                ZoneId.of("Asia/Shanghai"),
                Hj212Command.REAL_TIME,
                true,
                0,
                "123456",
                0,
                0,
                Map.of(),
                Map.of(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60));
        LoadRunner runner = new LoadRunner(plan, pacing, Clock.systemUTC(), null);
        // The previous phase's ledger and verification are garbage now: collected here, not as client
        // pauses that would count as the service's latency.
        System.gc();
        long cpuBefore = clientCpuNanos();
        long started = System.nanoTime();
        RunSummary summary = runner.run();
        clientCores = (clientCpuNanos() - cpuBefore) / (double) (System.nanoTime() - started);
        return verifier == null ? summary : summary.withVerify(verifier.verify(runner.ledger()));
    }

    private static long clientCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    private void report(
            PrintStream out, String phase, RunSummary run, CopyCeiling.Result ceiling, MemoryWatch.Figures peak) {
        VerifyResult v = run.verify().orElseThrow();
        out.printf(
                Locale.ROOT,
                "%s: %,.0f msg/s, %,.0f readings/s = %.2f of the ceiling; publish->ack p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms; verify %,d acknowledged readings, %d missing, %d duplicated%n",
                phase,
                run.ackedPerSecond(),
                run.readingsPerSecond(),
                run.readingsPerSecond() / ceiling.rowsPerSecond(),
                run.p50(),
                run.p99(),
                run.max(),
                v.expected(),
                v.missing(),
                v.duplicated());
        out.printf(
                Locale.ROOT,
                "  service peak: heap %.0f MiB, direct buffers %.1f MiB (Netty pools %.1f MiB), %.0f threads;"
                        + " CPU: service %.2f cores, this client %.2f cores (database: the rest)%n",
                peak.heap() / MIB,
                peak.direct() / MIB,
                peak.nettyDirect() / MIB,
                peak.threads(),
                peak.cpuCores(),
                clientCores);
    }

    private int connections(PrintStream out, MemoryWatch memory) throws Exception {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String host : idleHosts == null ? List.of(target.getHost()) : idleHosts) {
            addresses.add(new InetSocketAddress(host, target.getPort() < 0 ? 1883 : target.getPort()));
        }
        MemoryWatch.Figures before = memory.settled();
        String prefix = "idle-" + Long.toString(System.nanoTime() % 1_000_000, 36) + "-";
        try (IdleConnections idle =
                new IdleConnections(addresses, keepAlive, prefix, Optional.empty(), Optional.empty())) {
            long started = System.nanoTime();
            IdleConnections.Report opened = idle.open(idleConnections, Duration.ofMinutes(10));
            double openSeconds = (System.nanoTime() - started) / 1e9;
            MemoryWatch.Figures after = memory.settled();
            IdleConnections.Report held = idle.hold(hold, idleConnections);
            MemoryWatch.Figures end = memory.settled();
            int open = opened.open();
            out.printf(
                    Locale.ROOT,
                    "idle MQTT 3.1.1 connections: %,d requested, %,d open in %.1f s, refused %s, failed %d%s%n",
                    idleConnections,
                    open,
                    openSeconds,
                    opened.refusedByCode(),
                    opened.failed(),
                    idle.firstFailure() == null ? "" : " (first: " + idle.firstFailure() + ")");
            out.printf(
                    Locale.ROOT,
                    "after holding %d s with keep-alive %d s: %,d still open, %d closed by the service%n",
                    hold.toSeconds(),
                    keepAlive,
                    held.open(),
                    held.closedByServer());
            String settledBy = memory.forcesGc() ? "after a full GC" : "lowest of 5 samples, no GC forced";
            out.printf(
                    Locale.ROOT,
                    "service heap (%s): %.1f MiB before, %.1f MiB open, %.1f MiB after the hold%n",
                    settledBy,
                    before.heap() / MIB,
                    after.heap() / MIB,
                    end.heap() / MIB);
            if (open > 0) {
                out.printf(
                        Locale.ROOT,
                        "per connection: heap %.0f B (%.2f KiB), direct buffers %.0f B, Netty pools %.0f B;"
                                + " threads %+.0f in all%n",
                        (after.heap() - before.heap()) / open,
                        (after.heap() - before.heap()) / open / 1024,
                        (after.direct() - before.direct()) / open,
                        (after.nettyDirect() - before.nettyDirect()) / open,
                        after.threads() - before.threads());
            }
            return open == idleConnections ? 0 : 1;
        }
    }
}
