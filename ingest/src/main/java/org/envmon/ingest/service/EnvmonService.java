package org.envmon.ingest.service;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.config.EnvmonConfig.UnknownStationPolicy;
import org.envmon.ingest.console.StationActivity;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.http.HttpEndpoint;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.intake.Hj212Requests;
import org.envmon.ingest.json.JsonReadingsDecoder;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.TimeWindow;
import org.envmon.ingest.pipeline.CommitListener;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.DatabaseStationSource;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.store.MetricRepository;
import org.envmon.ingest.store.NewFactors;
import org.envmon.ingest.store.StationRepository;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database, writer, listeners and HTTP endpoint, started in dependency order
 * and stopped gracefully (stop reading, write and acknowledge what is queued, then close).
 */
public final class EnvmonService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnvmonService.class);

    private final PrometheusMeterRegistry registry;
    private final Database database;
    private final Storage storage;
    private final Listeners listeners;
    private final HttpEndpoint http;
    private final Teardown teardown;
    private boolean closed;

    private EnvmonService(
            PrometheusMeterRegistry registry,
            Database database,
            Storage storage,
            Listeners listeners,
            HttpEndpoint http,
            Teardown teardown) {
        this.registry = registry;
        this.database = database;
        this.storage = storage;
        this.listeners = listeners;
        this.http = http;
        this.teardown = teardown;
    }

    public static EnvmonService start(EnvmonConfig config) throws InterruptedException {
        return start(config, Clock.systemUTC());
    }

    public static EnvmonService start(EnvmonConfig config, Clock clock) throws InterruptedException {
        PrometheusMeterRegistry registry = newRegistry();
        IngestMetrics metrics = new IngestMetrics(registry);
        Database database = Database.open(
                config, EmbeddedDatabase.WhenInUse.FAIL, config.database().startupWait());
        // What has started so far, undone in reverse if a later part fails, so a failed start leaves
        // no thread running that would keep the JVM alive.
        Teardown teardown = new Teardown();
        teardown.push(database::close);
        try {
            MetricCatalog catalog = new MetricRepository(database.dataSource()).loadCatalog();
            StationRepository stationRepository = new StationRepository(database.dataSource());
            StationDirectory stations = loadStations(config, stationRepository);
            log.info(
                    "{} metrics in the catalogue, {} active stations",
                    catalog.all().size(),
                    stations.size());
            StationLookups lookups = teardown.push(new StationLookups(
                    stations,
                    new DatabaseStationSource(
                            database.dataSource(),
                            config.ingest().unknownStations() == UnknownStationPolicy.REGISTER,
                            config.ingest().defaultTimezone())));

            Optional<AlertingBridge> alerting = config.alerting()
                    .map(settings ->
                            teardown.push(AlertingBridge.start(settings, database.dataSource(), clock, registry)));
            StationActivity activity = new StationActivity(clock);
            Storage storage = teardown.push(Storage.start(
                    config,
                    database,
                    metrics,
                    registry,
                    clock,
                    alerting.<CommitListener>map(bridge -> readings -> {
                                activity.committed(readings);
                                bridge.committed(readings);
                            })
                            .orElse(activity),
                    lookups.resolver(),
                    new NewFactors(database.dataSource(), catalog)));
            Listeners listeners = teardown.push(Listeners.start(
                    config, edge(config, catalog, lookups.resolver(), storage.queue(), metrics, clock)));
            HttpEndpoint http = teardown.push(HttpEndpoint.start(
                    config.http(), config.http().tls() ? Optional.of(config.tls()) : Optional.empty(), registry));
            teardown.push(ConsoleRoutes.install(
                    http,
                    config,
                    database.dataSource(),
                    alerting.map(bridge -> bridge.engine().api()),
                    activity,
                    clock));
            teardown.push(StationRefresher.start(stationRepository, stations, config.stationsRefreshInterval()));

            EnvmonService service = new EnvmonService(registry, database, storage, listeners, http, teardown);
            http.health(service::health);
            log.info(
                    "envmon ready: MQTT port {}, MQTT TLS port {}, MQTT WebSocket port {}, MQTT secure WebSocket port {},"
                            + " HJ 212 port {}, HJ 212 TLS port {}, HTTP port {}, storage {}",
                    portOrOff(listeners.mqttPort()),
                    portOrOff(listeners.mqttTlsPort()),
                    portOrOff(listeners.mqttWsPort()),
                    portOrOff(listeners.mqttWssPort()),
                    portOrOff(listeners.hj212Port()),
                    portOrOff(listeners.hj212TlsPort()),
                    http.port(),
                    database.mode().label());
            return service;
        } catch (SQLException e) {
            teardown.run();
            throw new IllegalStateException("Cannot load the catalogue from the database: " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            teardown.run();
            throw e;
        }
    }

    static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    private static StationDirectory loadStations(EnvmonConfig config, StationRepository repository)
            throws SQLException {
        Map<String, StationProfile> active = repository.activeProfiles();
        StartupChecks.hj212Passwords(config, active).forEach(log::warn);
        StartupChecks.fileDescriptors(config.limits().maxConnections(), maxFileDescriptors())
                .forEach(log::warn);
        StationDirectory stations = new StationDirectory();
        stations.replaceAll(active);
        return stations;
    }

    /** What every listener shares: station resolution, the decoders, the queue and the limits. */
    static Edge edge(
            EnvmonConfig config,
            MetricCatalog catalog,
            StationResolver stations,
            IngestQueue queue,
            IngestMetrics metrics,
            Clock clock) {
        EnvmonConfig.IngestConfig ingest = config.ingest();
        FactorLookup factors = new FactorLookup(catalog, ingest.unknownFactors());
        JsonReadingsDecoder json = new JsonReadingsDecoder(
                factors, clock, ingest.maxFutureSkew(), config.storage().retention(), ingest.defaultTimezone());
        Hj212Decoder hj212 = new Hj212Decoder(
                factors,
                new TimeWindow(clock, ingest.maxFutureSkew(), config.storage().retention()));
        ConnectionLimits connectionLimits = new ConnectionLimits(
                config.limits().maxConnections(), config.limits().maxConnectionsPerAddress());
        StationRateLimiter rateLimiter = new StationRateLimiter(
                config.limits().stationMessagesPerSecond(), config.limits().stationBurst(), clock);
        return new Edge(
                stations,
                json,
                new Hj212Requests(hj212, stations.directory(), metrics, ingest.rejectedRawLimit()),
                queue,
                metrics,
                clock,
                connectionLimits,
                rateLimiter,
                ingest.rejectedRawLimit(),
                ingest.maxPayloadBytes());
    }

    private static String portOrOff(Optional<Integer> port) {
        return port.map(String::valueOf).orElse("off");
    }

    public HealthReport health() {
        return HealthReport.of(
                listeners.mqttHealth(),
                listeners.hj212Health(),
                // Reachability alone decides once the writer trusts the database again.
                new HealthReport.Database(
                        storage.writerTrustsDatabase() && database.isReachable(),
                        database.mode().label(),
                        database.embedded()),
                storage.queueHealth(),
                storage.spoolHealth());
    }

    /** The bound plain MQTT port; fails when {@code mqtt.port} is off (see {@link #mqttTlsPort()}). */
    public int mqttPort() {
        return listeners
                .mqttPort()
                .orElseThrow(() -> new IllegalStateException("the plain MQTT listener is off" + " (mqtt.port: off)"));
    }

    /** The MQTT over TLS port, when {@code mqtt.tlsPort} is set. */
    public Optional<Integer> mqttTlsPort() {
        return listeners.mqttTlsPort();
    }

    /** The MQTT over WebSocket port, when {@code mqtt.wsPort} is set. */
    public Optional<Integer> mqttWsPort() {
        return listeners.mqttWsPort();
    }

    /** The MQTT over secure WebSocket port, when {@code mqtt.wssPort} is set. */
    public Optional<Integer> mqttWssPort() {
        return listeners.mqttWssPort();
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
        return storage.queue();
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
        log.info("Shutting down: no new connections or messages; writing what is queued");
        listeners.stopAccepting();
        try {
            if (!storage.drain()) {
                log.warn(
                        "{} queued message(s) not written in time (shutdownTimeout); they were not acknowledged and"
                                + " will be redelivered by their stations",
                        storage.queue().requests());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The writer stops before the connections close, so the acknowledgements of its last batch go out.
        storage.close();
        teardown.run();
        registry.close();
        log.info("envmon stopped");
    }

    static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;
    }
}
