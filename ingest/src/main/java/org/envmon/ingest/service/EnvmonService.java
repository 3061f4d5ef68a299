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
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.http.HttpEndpoint;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.mqtt.MqttServer;
import org.envmon.ingest.payload.JsonReadingsDecoder;
import org.envmon.ingest.pipeline.BatchWriter;
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
    private final MqttServer mqtt;
    private final int mqttPort;
    private final HttpEndpoint http;
    private final SpoolRuntime spool;
    private boolean closed;

    private EnvmonService(EnvmonConfig config, PrometheusMeterRegistry registry, Database database, IngestQueue queue,
                          BatchWriter writer, Thread writerThread, MqttServer mqtt, int mqttPort, HttpEndpoint http,
                          SpoolRuntime spool) {
        this.config = config;
        this.registry = registry;
        this.database = database;
        this.queue = queue;
        this.writer = writer;
        this.writerThread = writerThread;
        this.mqtt = mqtt;
        this.mqttPort = mqttPort;
        this.http = http;
        this.spool = spool;
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

        Database database = Database.open(config, EmbeddedDatabase.WhenInUse.FAIL);
        try {
            MetricCatalog catalog = new MetricRepository(database.dataSource()).loadCatalog();
            StationDirectory stations = new StationDirectory();
            stations.putAll(new StationRepository(database.dataSource()).activeIdsByCode());
            log.info("{} metrics in the catalogue, {} active stations", catalog.all().size(), stations.size());

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
                        stations, metrics, settings, BatchWriter.Fallback.NONE);
                spool = SpoolRuntime.start(config.dataDir().resolve("spool"), config.spool(), registry, clock,
                        database.dataSource(), replay);
            }
            BatchWriter writer = new BatchWriter(queue, database.dataSource(),
                    ReadingWriter.of(config.ingest().writeStrategy()), new RejectionStore(), stations, metrics,
                    settings, spool == null ? BatchWriter.Fallback.NONE : spool.fallback());
            Thread writerThread = new Thread(writer, "envmon-writer");
            writerThread.start();

            JsonReadingsDecoder decoder = new JsonReadingsDecoder(catalog, clock, config.ingest().maxFutureSkew(),
                    config.storage().retention(), config.ingest().defaultTimezone());
            MqttServer mqtt = new MqttServer(config, decoder, stations, queue, metrics, clock);
            int mqttPort = mqtt.start();
            HttpEndpoint http;
            try {
                http = HttpEndpoint.start(config.http(), registry);
            } catch (RuntimeException e) {
                mqtt.stopAccepting();
                mqtt.close();
                queue.close();
                writerThread.join();
                if (spool != null) {
                    spool.close();
                }
                throw e;
            }
            EnvmonService service = new EnvmonService(config, registry, database, queue, writer, writerThread, mqtt,
                    mqttPort, http, spool);
            http.health(service::health);
            log.info("envmon ready: MQTT port {}, HTTP port {}, storage {}", mqttPort, http.port(),
                    database.mode().label());
            return service;
        } catch (SQLException e) {
            database.close();
            throw new IllegalStateException("Cannot load the catalogue from the database: " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            database.close();
            throw e;
        }
    }

    public HealthReport health() {
        return HealthReport.of(
                new HealthReport.Mqtt(mqtt.isListening(), mqttPort, mqtt.connections()),
                // With a spool the live writer stops touching the database while it spools; the
                // drainer re-proves it, so reachability alone decides once the spool is empty.
                new HealthReport.Database((spool != null || writer.databaseHealthy()) && database.isReachable(),
                        database.mode().label(), database.embedded()),
                new HealthReport.Queue(queue.bytes(), queue.maxBytes(), queue.requests()),
                spool == null ? HealthReport.Spool.DISABLED : new HealthReport.Spool(true, spool.engaged(),
                        spool.bytes(), spool.maxBytes(), spool.records(), spool.oldestAgeSeconds()));
    }

    public int mqttPort() {
        return mqttPort;
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
        mqtt.stopAccepting();
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
        mqtt.close();
        http.close();
        database.close();
        registry.close();
        log.info("envmon stopped");
    }
}
