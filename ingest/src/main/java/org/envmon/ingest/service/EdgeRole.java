package org.envmon.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.config.EnvmonConfig.UnknownStationPolicy;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.kafka.DirectoryReader;
import org.envmon.ingest.kafka.DirectoryStationSource;
import org.envmon.ingest.kafka.KafkaClients;
import org.envmon.ingest.kafka.KafkaHealth;
import org.envmon.ingest.kafka.RequestProducer;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge of a scale-out deployment: the listeners, station logins and decoding of plain {@code serve},
 * with Kafka where the database was. Stations come from the directory topic; every accepted message
 * is acknowledged once Kafka has it.
 */
final class EdgeRole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeRole.class);

    private final Listeners listeners;
    private final DirectoryReader directory;
    private final IngestQueue queue;
    private final Thread producerThread;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration shutdownTimeout;
    private final Teardown teardown;
    private boolean closed;

    private EdgeRole(
            Listeners listeners,
            DirectoryReader directory,
            IngestQueue queue,
            Thread producerThread,
            KafkaProducer<String, byte[]> producer,
            Duration shutdownTimeout,
            Teardown teardown) {
        this.listeners = listeners;
        this.directory = directory;
        this.queue = queue;
        this.producerThread = producerThread;
        this.producer = producer;
        this.shutdownTimeout = shutdownTimeout;
        this.teardown = teardown;
    }

    static EdgeRole start(
            EnvmonConfig config,
            KafkaClients kafka,
            KafkaHealth health,
            MeterRegistry registry,
            IngestMetrics metrics,
            Clock clock)
            throws InterruptedException {
        Teardown teardown = new Teardown();
        try {
            StationDirectory stations = new StationDirectory();
            MetricCatalog catalog = new MetricCatalog(List.of());
            DirectoryReader directory = teardown.push(new DirectoryReader(
                            kafka.directoryConsumer(), kafka.config().directoryTopic(), stations, catalog)
                    .start());
            log.info("Reading the station directory from {}", kafka.config().directoryTopic());
            if (!directory.awaitLoaded(kafka.config().startupWait())) {
                throw new IllegalStateException("No station directory in Kafka topic "
                        + kafka.config().directoryTopic() + " after "
                        + kafka.config().startupWait().toSeconds()
                        + " s (kafka.startupWait): start a writer (serve --role writer) first; it publishes the"
                        + " stations and factors edges need");
            }
            StartupChecks.fileDescriptors(config.limits().maxConnections(), EnvmonService.maxFileDescriptors())
                    .forEach(log::warn);
            StationLookups lookups = teardown.push(new StationLookups(
                    stations,
                    new DirectoryStationSource(
                            stations,
                            config.ingest().unknownStations() == UnknownStationPolicy.REGISTER,
                            config.ingest().defaultTimezone())));
            IngestQueue queue = new IngestQueue(config.ingest().queueMaxBytes());
            metrics.queueGauges(queue::bytes, queue::requests, queue.maxBytes());
            KafkaProducer<String, byte[]> producer = kafka.readingsProducer();
            teardown.push(() -> producer.close(Duration.ofSeconds(5)));
            // The producer's own figures (request latency, batch sizes, errors) as kafka_producer_*.
            KafkaClientMetrics producerMetrics = teardown.push(new KafkaClientMetrics(producer));
            producerMetrics.bindTo(registry);
            RequestProducer sink = new RequestProducer(
                    queue,
                    producer,
                    kafka.config().readingsTopic(),
                    kafka.config().rejectionsTopic(),
                    health);
            Thread producerThread = new Thread(sink, "envmon-kafka-producer");
            producerThread.start();
            teardown.push(queue::close);
            Listeners listeners = teardown.push(Listeners.start(
                    config, EnvmonService.edge(config, catalog, lookups.resolver(), queue, metrics, clock)));
            return new EdgeRole(
                    listeners, directory, queue, producerThread, producer, config.shutdownTimeout(), teardown);
        } catch (RuntimeException | InterruptedException e) {
            teardown.run();
            throw e;
        }
    }

    Listeners listeners() {
        return listeners;
    }

    /** What keeps the edge from serving with current station settings, or null. */
    String problem() {
        return directory.failure();
    }

    HealthReport.Queue queueHealth() {
        return new HealthReport.Queue(queue.bytes(), queue.maxBytes(), queue.requests());
    }

    /** Stops listening, waits for Kafka to take what was accepted (and its acknowledgements to go out), then closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.stopAccepting();
        queue.close();
        try {
            producerThread.join(shutdownTimeout.toMillis());
            producer.flush();
            if (!queue.awaitDrained(shutdownTimeout)) {
                log.warn(
                        "{} message(s) not taken by Kafka in time; not acknowledged, their stations send them again",
                        queue.requests());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        teardown.run();
    }
}
