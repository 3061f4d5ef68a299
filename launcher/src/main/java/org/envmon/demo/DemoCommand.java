package org.envmon.demo;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.account.Role;
import org.envmon.ingest.account.UserPassword;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.cli.EnvmonCli;
import org.envmon.ingest.cli.StationCsv;
import org.envmon.ingest.cli.SuppressForbidden;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.security.SecretIssuer;
import org.envmon.ingest.service.EnvmonService;
import org.envmon.ingest.store.StationRecord;
import org.envmon.ingest.store.StationRepository;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.episode.DemoScript;
import org.envmon.simulator.load.LoadRunner;
import org.envmon.simulator.load.PayloadFormat;
import org.envmon.simulator.load.RunPlan;
import org.envmon.simulator.load.TransportKind;
import org.envmon.simulator.transport.MqttSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run envmon with simulated stations, demo alert rules and a live console board.")
public final class DemoCommand extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Stop after this many seconds (default: run until Ctrl-C).")
    long durationSeconds;

    @Option(
            names = "--time-scale",
            defaultValue = "1",
            description = "Shrink the demo timeline (0.2 = five times faster). Default ${DEFAULT-VALUE}.")
    double timeScale;

    @Option(
            names = "--board-every",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Seconds between board updates (default ${DEFAULT-VALUE}).")
    double boardEvery;

    static final String DEMO_USER = "demo";

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    @SuppressForbidden(reason = "the live board is the demo's console output")
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path work = Files.createTempDirectory("envmon-demo");
        Catalog catalog = Catalog.defaults();
        List<Station> stations = catalog.stations();
        DemoScript script = new DemoScript(Instant.now(), timeScale);
        try (ConsoleNotifier notifier = ConsoleNotifier.start(out)) {
            Path rules = work.resolve("demo-rules.yaml");
            Files.writeString(rules, DemoRules.yaml(notifier.url(), script), StandardCharsets.UTF_8);
            Path settings = work.resolve("demo-envmon.yaml");
            Files.writeString(settings, "alerting:\n  language: en\n  reloadInterval: 1s\n", StandardCharsets.UTF_8);
            Map<String, String> env = new HashMap<>(environment());
            env.putIfAbsent("ENVMON_DATA_DIR", "./demo-data");
            env.put("ENVMON_ALERT_RULES", rules.toString());
            // The demo's simulated stations publish without logging in; outside the demo this stays off.
            env.put("ENVMON_MQTT_ALLOW_ANONYMOUS", "true");
            EnvmonConfig config = EnvmonConfig.load(settings, env);
            try (EnvmonService service = EnvmonService.start(config)) {
                importStations(service, stations, work);
                String password = demoOperator(service);
                return run(service, config, script, stations, password, out);
            }
        }
    }

    private Integer run(
            EnvmonService service,
            EnvmonConfig config,
            DemoScript script,
            List<Station> stations,
            String password,
            PrintStream out)
            throws Exception {
        MqttSettings mqtt = new MqttSettings(
                URI.create("tcp://127.0.0.1:" + service.mqttPort()),
                3,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(10),
                60);
        double rate = stations.size() * 1000.0 / script.sampleInterval().toMillis();
        RunPlan plan = new RunPlan(
                stations,
                rate,
                Optional.empty(),
                PayloadFormat.JSON,
                TransportKind.MQTT,
                mqtt,
                Optional.empty(),
                Optional.empty(),
                4,
                10,
                seed,
                config.ingest().defaultTimezone(),
                Hj212Command.REAL_TIME,
                false,
                0,
                "123456",
                0,
                0,
                script.episodes(),
                script.faults(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        LoadRunner simulator = new LoadRunner(plan, Clock.systemUTC(), null);
        String metrics = "http://127.0.0.1:" + service.httpPort() + "/metrics";
        String console = String.format(
                Locale.ROOT,
                "staff console http://127.0.0.1:%d/ (user %s, password %s)",
                service.httpPort(),
                DEMO_USER,
                password);
        out.printf(
                Locale.ROOT,
                "envmon demo: %d stations over MQTT (port %d), alerts on the console, metrics at %s, %s."
                        + " Ctrl-C stops.%n",
                stations.size(),
                service.mqttPort(),
                metrics,
                console);
        LiveBoard board = new LiveBoard(
                service.database().dataSource(),
                service.registry(),
                out,
                script.sampleInterval().multipliedBy(3),
                stations.size(),
                metrics,
                console);
        ScheduledExecutorService boardTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "envmon-demo-board");
            thread.setDaemon(true);
            return thread;
        });
        long boardMillis = Math.max(200, Math.round(boardEvery * 1000));
        boardTimer.scheduleAtFixedRate(board::print, boardMillis, boardMillis, TimeUnit.MILLISECONDS);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    simulator.stop();
                    try {
                        finished.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "envmon-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor();
        try {
            if (durationSeconds > 0) {
                stopper.schedule(simulator::stop, durationSeconds, TimeUnit.SECONDS);
            }
            simulator.run();
            board.print();
            return 0;
        } finally {
            stopper.shutdownNow();
            boardTimer.shutdownNow();
            finished.countDown();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            log.debug("shutting down already: {}", e.getMessage());
        }
    }

    /**
     * The demo's console operator, with a new password at every start (the demo's database outlives
     * a run, a password shown once must not).
     */
    private static String demoOperator(EnvmonService service) throws SQLException {
        SecretIssuer.Issued password = UserPassword.issue();
        UserStore users = new UserStore(service.database().dataSource());
        if (!users.add(DEMO_USER, Role.OPERATOR, password.hash())) {
            users.setPasswordHash(DEMO_USER, password.hash());
        }
        return password.secret();
    }

    private static void importStations(EnvmonService service, List<Station> stations, Path work) throws Exception {
        Path csv = work.resolve("demo-stations.csv");
        Files.writeString(csv, Catalog.ingestCsv(stations, false, 0, ""), StandardCharsets.UTF_8);
        List<StationRecord> records = StationCsv.read(csv, "Asia/Shanghai");
        new StationRepository(service.database().dataSource()).upsert(records);
        log.info("{} demo stations registered", records.size());
    }
}
