package org.envmon.ingest.service;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.envmon.alerting.StationOwnership;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.config.EnvmonConfig.UnknownStationPolicy;
import org.envmon.ingest.console.StationActivity;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.http.HttpEndpoint;
import org.envmon.ingest.kafka.DirectoryPublisher;
import org.envmon.ingest.kafka.KafkaClients;
import org.envmon.ingest.kafka.KafkaWriter;
import org.envmon.ingest.kafka.OffsetStore;
import org.envmon.ingest.kafka.StationPartitions;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.CommitListener;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.DatabaseStationSource;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.store.MetricRepository;
import org.envmon.ingest.store.NewFactors;
import org.envmon.ingest.store.ReadingWriter;
import org.envmon.ingest.store.RejectionStore;
import org.envmon.ingest.store.StationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of a scale-out deployment: the database side of plain {@code serve} (storage, alerting,
 * console, reports), fed by Kafka instead of listeners. It publishes the station directory edges need.
 */
final class WriterRole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriterRole.class);
    private static final Duration OWNERSHIP_WAIT = Duration.ofMinutes(1);
    /** A database slower than this for one batch counts as unreachable: the batch is read again later. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(1);

    private final Database database;
    private final KafkaWriter writer;
    private final Thread writerThread;
    private final Teardown teardown;
    private boolean closed;

    private WriterRole(Database database, KafkaWriter writer, Thread writerThread, Teardown teardown) {
        this.database = database;
        this.writer = writer;
        this.writerThread = writerThread;
        this.teardown = teardown;
    }

    static WriterRole start(
            EnvmonConfig config,
            KafkaClients kafka,
            HttpEndpoint http,
            PrometheusMeterRegistry registry,
            IngestMetrics metrics,
            Clock clock)
            throws InterruptedException {
        Database database = Database.open(
                config, EmbeddedDatabase.WhenInUse.FAIL, config.database().startupWait());
        Teardown teardown = new Teardown();
        teardown.push(database::close);
        try {
            MetricCatalog catalog = new MetricRepository(database.dataSource()).loadCatalog();
            StationRepository stationRepository = new StationRepository(database.dataSource());
            StationDirectory stations = new StationDirectory();
            stations.replaceAll(stationRepository.activeProfiles());
            StationLookups lookups = teardown.push(new StationLookups(
                    stations,
                    new DatabaseStationSource(
                            database.dataSource(),
                            config.ingest().unknownStations() == UnknownStationPolicy.REGISTER,
                            config.ingest().defaultTimezone())));
            teardown.push(StationRefresher.start(stationRepository, stations, config.stationsRefreshInterval()));
            DirectoryPublisher publisher = teardown.push(new DirectoryPublisher(
                    kafka.directoryProducer(),
                    kafka.config().directoryTopic(),
                    stationRepository::activeProfiles,
                    catalog));
            publisher.start(kafka.directoryConsumer(), config.stationsRefreshInterval());

            Optional<AlertingBridge> alerting = config.alerting()
                    .map(settings -> teardown.push(AlertingBridge.start(
                            settings, database.dataSource(), clock, registry, StationOwnership.NONE)));
            StationActivity activity = new StationActivity(clock);
            CommitListener committed = alerting.<CommitListener>map(bridge -> readings -> {
                        activity.committed(readings);
                        bridge.committed(readings);
                    })
                    .orElse(activity);
            BatchWriter batches = new BatchWriter(
                    new IngestQueue(config.ingest().queueMaxBytes()),
                    new BatchWriter.Target(
                            database.dataSource(),
                            ReadingWriter.of(config.ingest().writeStrategy()),
                            new RejectionStore(),
                            lookups.resolver(),
                            new NewFactors(database.dataSource(), catalog)),
                    new BatchWriter.Settings(config.ingest().batchMaxReadings(), COMMIT_TIMEOUT),
                    BatchWriter.Fallback.NONE,
                    metrics,
                    committed);
            KafkaWriter writer = new KafkaWriter(
                    kafka.writerConsumer(),
                    List.of(kafka.config().readingsTopic(), kafka.config().rejectionsTopic()),
                    batches,
                    new OffsetStore(database.dataSource(), kafka.config().groupId()),
                    alerting.map(bridge -> alertsFollow(bridge, kafka.config().readingsTopic()))
                            .orElse(KafkaWriter.PartitionListener.NONE));
            FunctionCounter.builder("envmon_kafka_undecodable_records", writer, KafkaWriter::undecodable)
                    .description("Kafka records this writer could not read (skipped; see the log)")
                    .register(registry);
            Thread writerThread = new Thread(writer, "envmon-kafka-writer");
            teardown.push(() -> stop(writer, writerThread));
            writerThread.start();
            teardown.push(ConsoleRoutes.install(
                    http,
                    config,
                    database.dataSource(),
                    alerting.map(bridge -> bridge.engine().api()),
                    activity,
                    clock));
            log.info(
                    "Writer ready: {} active stations, {} factors; consuming {} and {} as group {}",
                    stations.size(),
                    catalog.all().size(),
                    kafka.config().readingsTopic(),
                    kafka.config().rejectionsTopic(),
                    kafka.config().groupId());
            return new WriterRole(database, writer, writerThread, teardown);
        } catch (SQLException | ExecutionException | TimeoutException e) {
            teardown.run();
            throw new IllegalStateException("Cannot start the writer: " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            teardown.run();
            throw e;
        }
    }

    /**
     * Alert state follows the partitions: the engine evaluates the stations of the readings partitions this
     * writer owns, and the consumer waits (in the rebalance) until the engine has handed over what it
     * gives up and taken over what it gains, so no notification is lost or sent twice by two writers.
     */
    private static KafkaWriter.PartitionListener alertsFollow(AlertingBridge bridge, String readingsTopic) {
        return (owned, readingsPartitions) -> {
            StationPartitions stations = StationPartitions.of(readingsTopic, readingsPartitions, owned);
            try {
                bridge.engine().ownStations(stations).get(OWNERSHIP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.warn(
                        "Alert state not yet taken over for {} (the engine goes on trying): {}",
                        stations,
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** What keeps the writer from writing what it is assigned, or null. */
    String problem() {
        return writer.problem();
    }

    HealthReport.Database databaseHealth() {
        return new HealthReport.Database(
                writer.databaseHealthy() && database.isReachable(),
                database.mode().label(),
                database.embedded());
    }

    /** Finishes the batch in progress (its offsets commit with it), then closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(writer, writerThread);
        teardown.run();
    }

    /** Leaves the group (handing alert state over takes up to {@code OWNERSHIP_WAIT}) after the batch in progress. */
    private static void stop(KafkaWriter writer, Thread thread) {
        writer.close();
        try {
            thread.join(OWNERSHIP_WAIT.plusSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
