package org.envmon.ingest.service;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.envmon.alerting.AlertEngine;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.http.HttpEndpoint;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.json.JsonReadingsDecoder;
import org.envmon.ingest.payload.TimeWindow;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.CommitListener;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.spool.SpoolRuntime;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.store.MetricRepository;
import org.envmon.ingest.store.ReadingWriter;
import org.envmon.ingest.store.RejectionStore;
import org.envmon.ingest.store.StationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database, writer, MQTT listener and HTTP endpoint, started in dependency
 * order and stopped gracefully (stop reading, write and acknowledge what is queued, then close).
 */
public final class EnvmonService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnvmonService.class);

    private final EnvmonConfig config;
    private final PrometheusMeterRegistry registry;
    private final Database database;
    private final IngestQueue queue;
    private final BatchWriter writer;
    private final Thread writerThread;
    private final Listeners listeners;
    private final HttpEndpoint http;
    private final ScheduledExecutorService refresher;
    private final AlertEngine alerting;
    private final SpoolRuntime spool;
    private boolean closed;

    private EnvmonService(EnvmonConfig config, PrometheusMeterRegistry registry, Database database, IngestQueue queue,
                          BatchWriter writer, Thread writerThread, Listeners listeners, HttpEndpoint http,
                          ScheduledExecutorService refresher, AlertEngine alerting, SpoolRuntime spool) {
        this.alerting = alerting;
        this.spool = spool;
        this.config = config;
        this.registry = registry;
        this.database = database;
        this.queue = queue;
        this.writer = writer;
        this.writerThread = writerThread;
        this.listeners = listeners;
        this.http = http;
        this.refresher = refresher;
    }

    public static EnvmonService start(EnvmonConfig config) throws InterruptedException {
        return start(config, Clock.systemUTC());
    }

    public static EnvmonService start(EnvmonConfig config, Clock clock) throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        IngestMetrics metrics = new IngestMetrics(registry);

        Database database = Database.open(config, EmbeddedDatabase.WhenInUse.FAIL,
                config.database().startupWait());
        // What has started so far, undone in reverse if a later part fails, so a failed start
        // leaves no thread running that would keep the JVM alive.
        Deque<Runnable> undo = new ArrayDeque<>();
        undo.push(database::close);
        try {
            MetricCatalog catalog = new MetricRepository(database.dataSource()).loadCatalog();
            StationDirectory stations = new StationDirectory();
            Map<String, StationProfile> active = new StationRepository(database.dataSource()).activeProfiles();
            stations.replaceAll(active);
            log.info("{} metrics in the catalogue, {} active stations", catalog.all().size(), stations.size());
            StartupChecks.hj212Passwords(config, active).forEach(log::warn);

            AlertingBridge alertingBridge = config.alerting().rules().isPresent()
                    ? AlertingBridge.start(config, database.dataSource(), clock, registry) : null;
            CommitListener commitListener = alertingBridge == null ? readings -> { } : alertingBridge;
            AlertEngine alerting = alertingBridge == null ? null : alertingBridge.engine();
            if (alerting != null) {
                undo.push(alerting::close);
            }
            IngestQueue queue = new IngestQueue(config.ingest().queueMaxBytes());
            metrics.queueGauges(queue::bytes, queue::requests, queue.maxBytes());
            BatchWriter.Settings settings = new BatchWriter.Settings(config.ingest().batchMaxReadings(),
                    config.ingest().unknownStations(), config.ingest().defaultTimezone(),
                    config.ingest().rejectedRawLimit(), config.spool().enabled() ? config.spool().commitTimeout()
                            : Duration.ZERO);
            SpoolRuntime spool = null;
            if (config.spool().enabled()) {
                // The drainer replays through a writer of its own: same rules, never its own fallback.
                BatchWriter replay = new BatchWriter(new IngestQueue(config.ingest().queueMaxBytes()),
                        database.dataSource(), ReadingWriter.of(config.ingest().writeStrategy()), new RejectionStore(),
                        stations, metrics, settings, BatchWriter.Fallback.NONE, commitListener);
                spool = SpoolRuntime.start(config.dataDir().resolve("spool"), config.spool(), registry, clock,
                        database.dataSource(), replay);
                undo.push(spool::close);
            }
            BatchWriter writer = new BatchWriter(queue, database.dataSource(),
                    ReadingWriter.of(config.ingest().writeStrategy()), new RejectionStore(), stations, metrics,
                    settings, spool == null ? BatchWriter.Fallback.NONE : spool.fallback(), commitListener);
            Thread writerThread = new Thread(writer, "envmon-writer");
            writerThread.start();
            undo.push(() -> {
                queue.close();
                joinQuietly(writerThread);
            });

            JsonReadingsDecoder jsonDecoder = new JsonReadingsDecoder(catalog, clock, config.ingest().maxFutureSkew(),
                    config.storage().retention(), config.ingest().defaultTimezone());
            Hj212Decoder hj212Decoder = new Hj212Decoder(catalog, stations,
                    new TimeWindow(clock, config.ingest().maxFutureSkew(), config.storage().retention()),
                    config.ingest().defaultTimezone());
            StationRepository stationRepository = new StationRepository(database.dataSource());
            Listeners listeners = Listeners.start(config, jsonDecoder, hj212Decoder, stations,
                    stationRepository::findActive, queue, metrics, clock);
            undo.push(() -> {
                listeners.stopAccepting();
                listeners.close();
            });
            HttpEndpoint http = HttpEndpoint.start(config.http(),
                    config.http().tls() ? Optional.of(config.tls()) : Optional.empty(), registry);
            if (alerting != null) {
                http.route("/api/alerts", alerting.api());
            }
            ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "envmon-station-refresh");
                thread.setDaemon(true);
                return thread;
            });
            long refreshMillis = config.stationsRefreshInterval().toMillis();
            refresher.scheduleWithFixedDelay(() -> refreshStations(stationRepository, stations), refreshMillis,
                    refreshMillis, TimeUnit.MILLISECONDS);
            EnvmonService service = new EnvmonService(config, registry, database, queue, writer, writerThread,
                    listeners, http, refresher, alerting, spool);
            http.health(service::health);
            log.info("envmon ready: MQTT port {}, MQTT TLS port {}, HJ 212 port {}, HJ 212 TLS port {}, HTTP port {},"
                    + " storage {}", portOrOff(listeners.mqttPort()), portOrOff(listeners.mqttTlsPort()),
                    portOrOff(listeners.hj212Port()), portOrOff(listeners.hj212TlsPort()), http.port(),
                    database.mode().label());
            return service;
        } catch (SQLException e) {
            undo.forEach(Runnable::run);
            throw new IllegalStateException("Cannot load the catalogue from the database: " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
    }

    private static String portOrOff(Optional<Integer> port) {
        return port.map(String::valueOf).orElse("off");
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refreshStations(StationRepository repository, StationDirectory stations) {
        try {
            stations.replaceAll(repository.activeProfiles());
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not refresh station settings (will retry): {}", e.getMessage());
        }
    }

    public HealthReport health() {
        return HealthReport.of(
                listeners.mqttHealth(),
                listeners.hj212Health(),
                // With a spool the live writer stops touching the database while it spools; the
                // drainer re-proves it, so reachability alone decides once the spool is empty.
                new HealthReport.Database((spool != null || writer.databaseHealthy()) && database.isReachable(),
                        database.mode().label(), database.embedded()),
                new HealthReport.Queue(queue.bytes(), queue.maxBytes(), queue.requests()),
                spool == null ? HealthReport.Spool.DISABLED : new HealthReport.Spool(true, spool.engaged(),
                        spool.bytes(), spool.maxBytes(), spool.records(), spool.oldestAgeSeconds()));
    }

    /** The bound plain MQTT port; fails when {@code mqtt.port} is off (see {@link #mqttTlsPort()}). */
    public int mqttPort() {
        return listeners.mqttPort().orElseThrow(() -> new IllegalStateException("the plain MQTT listener is off"
                + " (mqtt.port: off)"));
    }

    /** The MQTT over TLS port, when {@code mqtt.tlsPort} is set. */
    public Optional<Integer> mqttTlsPort() {
        return listeners.mqttTlsPort();
    }

    /** The HJ 212 over TLS port, when {@code hj212.tlsPort} is set. */
    public Optional<Integer> hj212TlsPort() {
        return listeners.hj212TlsPort();
    }

    /** The bound plain HJ 212 port, or empty when that listener is off. */
    public Optional<Integer> hj212Port() {
        return listeners.hj212Port();
    }

    public int httpPort() {
        return http.port();
    }

    public Database database() {
        return database;
    }

    public IngestQueue queue() {
        return queue;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Graceful stop: no new input, queued messages written and acknowledged, then everything closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration timeout = config.shutdownTimeout();
        log.info("Shutting down: no new connections or messages; writing what is queued (up to {} s)",
                timeout.toSeconds());
        listeners.stopAccepting();
        refresher.shutdownNow();
        try {
            if (!queue.awaitDrained(timeout)) {
                log.warn("{} queued message(s) not written within {} s; they were not acknowledged and will be "
                        + "redelivered by their stations", queue.requests(), timeout.toSeconds());
            }
            queue.close();
            if (spool != null) {
                // A writer held by a full spool (backpressure) gives up: its batch stays unacknowledged.
                spool.close();
            }
            writerThread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.close();
        http.close();
        if (alerting != null) {
            alerting.close();
        }
        database.close();
        registry.close();
        log.info("envmon stopped");
    }
}
