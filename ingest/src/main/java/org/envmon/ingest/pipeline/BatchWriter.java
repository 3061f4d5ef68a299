package org.envmon.ingest.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.store.AggregateStore;
import org.envmon.ingest.store.NewFactors;
import org.envmon.ingest.store.ReadingBatch;
import org.envmon.ingest.store.ReadingWriter;
import org.envmon.ingest.store.RejectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread: takes batches from the ingest queue and writes each in one
 * transaction (readings, station aggregates, quarantine rows). It stores what the requests hold:
 * stations were resolved and payloads decoded at the edge. Outcomes are reported
 * only after the commit. A batch that fails for a reason other than the connection is retried
 * request by request, so one poison message is quarantined instead of blocking the stream.
 * A batch that fails because the database is unreachable (or slower than the commit timeout) goes
 * to the {@link Fallback} (the disk spool), which then holds every later batch until it drained.
 */
public final class BatchWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * Settings of the writer, taken from the ingest configuration.
     *
     * @param commitTimeout a database slower than this counts as unreachable (zero: no limit)
     */
    public record Settings(int batchMaxReadings, Duration commitTimeout) {}

    /** Durable storage for batches the database cannot take now. */
    public interface Fallback {
        /** Never engaged; reports every batch as failed, so nothing is acknowledged. */
        Fallback NONE = new Fallback() {
            @Override
            public boolean engaged() {
                return false;
            }

            @Override
            public List<WriteOutcome> store(List<IngestRequest> batch, Exception cause) {
                return batch.stream().map(r -> WriteOutcome.failed(cause)).toList();
            }
        };

        /** True while it holds data not yet in the database: later batches must go behind it. */
        boolean engaged();

        /**
         * Blocks while the held data is being moved to a database that answers again, so that new
         * data waits (back-pressure) instead of outrunning the drain.
         */
        default void awaitCatchUp() throws InterruptedException {}

        /** Makes the batch durable, one outcome per request ({@code cause}: why the database was not used). */
        List<WriteOutcome> store(List<IngestRequest> batch, Exception cause);
    }

    /**
     * Where batches are written: the database, how readings and quarantine rows go into it, how the
     * stations the edge could not look up (the database was away) are resolved on the writer thread, and
     * how factor codes the catalogue did not know are registered.
     */
    public record Target(
            DataSource dataSource,
            ReadingWriter readingWriter,
            RejectionStore rejectionStore,
            StationResolver stations,
            NewFactors factors) {}

    /** Extra work inside a batch's transaction, run just before its commit (the spool drain checkpoint). */
    @FunctionalInterface
    public interface BeforeCommit {
        BeforeCommit NONE = (connection, batch) -> {};

        void run(Connection connection, List<IngestRequest> batch) throws SQLException;
    }

    /**
     * Thrown by a {@link BeforeCommit} that finds the batch must not be committed now, through no fault of
     * its messages (a Kafka writer whose position in the database is not where the batch starts): the
     * batch is rolled back and reported failed, as when the database is unreachable, never quarantined.
     */
    public static final class NotNow extends SQLException {
        public NotNow(String reason) {
            super(reason, "08000");
        }
    }

    private final IngestQueue queue;
    private final DataSource dataSource;
    private final ReadingWriter readingWriter;
    private final RejectionStore rejectionStore;
    private final AggregateStore aggregateStore = new AggregateStore();
    private final IngestMetrics metrics;
    private final Settings settings;
    private final CommitListener commitListener;
    private final Fallback fallback;
    private final StationResolver stations;
    private final FactorRegistration factors;
    private volatile boolean databaseHealthy = true;
    private int consecutiveFailures;

    public BatchWriter(
            IngestQueue queue,
            Target target,
            Settings settings,
            Fallback fallback,
            IngestMetrics metrics,
            CommitListener commitListener) {
        this.queue = queue;
        this.dataSource = target.dataSource();
        this.readingWriter = target.readingWriter();
        this.rejectionStore = target.rejectionStore();
        this.stations = target.stations();
        this.factors = new FactorRegistration(target.factors(), metrics);
        this.settings = settings;
        this.fallback = fallback;
        this.metrics = metrics;
        this.commitListener = commitListener;
    }

    /** Runs until the queue is closed and empty. */
    @Override
    public void run() {
        while (true) {
            List<IngestRequest> batch;
            try {
                batch = queue.takeBatch(settings.batchMaxReadings(), POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Writer interrupted; requests still queued were not acknowledged");
                return;
            }
            if (batch.isEmpty()) {
                if (queue.isClosed()) {
                    return;
                }
                continue;
            }
            try {
                fallback.awaitCatchUp();
                if (fallback.engaged()) {
                    completeAll(batch, fallback.store(batch, null));
                } else {
                    writeIsolatingPoison(batch, BeforeCommit.NONE, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Writer interrupted; {} message(s) not acknowledged", batch.size());
                completeAll(
                        batch, batch.stream().map(r -> WriteOutcome.failed(e)).toList());
                return;
            } finally {
                queue.release(batch);
            }
            backOffAfterFailure();
        }
    }

    public boolean databaseHealthy() {
        return databaseHealthy;
    }

    /**
     * Writes the batch now, on the calling thread, reporting each outcome to its request; for the
     * spool drainer, which replays spooled requests through the same rules. Connection failures are
     * reported as failed outcomes, never passed to the fallback.
     */
    public void writeBatch(List<IngestRequest> batch, BeforeCommit beforeCommit) {
        writeIsolatingPoison(batch, beforeCommit, false);
    }

    private void writeIsolatingPoison(List<IngestRequest> batch, BeforeCommit beforeCommit, boolean mayFallBack) {
        try {
            List<WriteOutcome> outcomes = write(batch, beforeCommit);
            databaseHealthy = true;
            consecutiveFailures = 0;
            completeAll(batch, outcomes);
        } catch (SQLException e) {
            if (isConnectionProblem(e)) {
                databaseHealthy = false;
                metrics.writeFailed();
                List<WriteOutcome> outcomes = mayFallBack ? fallback.store(batch, e) : Fallback.NONE.store(batch, e);
                long failed = outcomes.stream().filter(o -> !o.committed()).count();
                if (failed > 0) {
                    log.error(
                            "Database unavailable, {} message(s) not acknowledged (they will be redelivered): {}",
                            failed,
                            e.getMessage());
                }
                // Back off only when nothing became durable: a spool that took part of the batch is working.
                consecutiveFailures = failed == outcomes.size() ? consecutiveFailures + 1 : 0;
                completeAll(batch, outcomes);
            } else if (batch.size() > 1) {
                log.warn("Batch of {} messages failed ({}); writing them one by one", batch.size(), e.getMessage());
                batch.forEach(request -> writeIsolatingPoison(List.of(request), beforeCommit, mayFallBack));
            } else {
                quarantineAfterStorageError(batch.get(0), e, beforeCommit);
            }
        }
    }

    private void completeAll(List<IngestRequest> batch, List<WriteOutcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), outcomes.get(i));
        }
    }

    private void quarantineAfterStorageError(IngestRequest request, SQLException cause, BeforeCommit beforeCommit) {
        log.warn(
                "Message from {} on {} cannot be stored and is quarantined: {}",
                request.origin().clientId(),
                request.origin().topic(),
                cause.getMessage());
        Rejection rejection = new Rejection(
                request.origin(),
                request.stationCode(),
                RejectReason.STORAGE_ERROR,
                "the database refused this message: " + cause.getMessage(),
                request.raw(),
                request.rawSize());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            rejectionStore.insert(c, List.of(rejection));
            beforeCommit.run(c, List.of(request));
            c.commit();
            metrics.rejected(request.origin().transport(), RejectReason.STORAGE_ERROR);
            complete(request, WriteOutcome.committed(0, List.of(RejectReason.STORAGE_ERROR)));
        } catch (SQLException e) {
            metrics.writeFailed();
            log.error("Could not quarantine the message either: {}", e.getMessage());
            complete(request, WriteOutcome.failed(e));
        }
    }

    private List<WriteOutcome> write(List<IngestRequest> batch, BeforeCommit beforeCommit) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            if (!settings.commitTimeout().isZero()) {
                // A socket timeout covers every round trip including COMMIT: a database that hangs
                // (not only one that refuses) turns into a connection error, and the batch is spooled.
                c.setNetworkTimeout(Runnable::run, (int)
                        Math.min(Integer.MAX_VALUE, settings.commitTimeout().toMillis()));
            }
            try {
                Plan plan = plan(factors.registered(settled(batch)));
                int inserted = readingWriter.insert(c, plan.readings);
                aggregateStore.insert(c, plan.aggregates);
                rejectionStore.insert(c, plan.rejections);
                beforeCommit.run(c, batch);
                c.commit();
                notifyCommitted(plan.readings);
                metrics.batchCommitted(plan.readings.size(), inserted, Duration.ofNanos(System.nanoTime() - started));
                for (Rejection rejection : plan.rejections) {
                    metrics.rejected(rejection.origin().transport(), rejection.reason());
                }
                return plan.outcomes;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static final class Plan {
        final ReadingBatch readings;
        final List<Rejection> rejections = new ArrayList<>();
        final List<AggregateStore.Row> aggregates = new ArrayList<>();
        final List<WriteOutcome> outcomes = new ArrayList<>();

        Plan(int expectedReadings) {
            readings = new ReadingBatch(expectedReadings);
        }
    }

    /**
     * The batch with every pending station resolved: a station the edge could not look up while the
     * database was away (JSON values are decoded without the station; HJ 212 frames never wait so).
     * Runs on the writer thread, which may block; a station that may not send turns its request
     * into a quarantine row, one that still cannot be looked up fails the batch as unreachable.
     */
    private List<IngestRequest> settled(List<IngestRequest> batch) throws SQLException {
        List<IngestRequest> settled = null;
        for (int i = 0; i < batch.size(); i++) {
            IngestRequest request = batch.get(i);
            if (request.station() == null || !request.station().isPending()) {
                continue;
            }
            StationResolution resolution = stations.resolveNow(request.station().code());
            IngestRequest now;
            if (resolution instanceof StationResolution.Active active) {
                now = request.withStation(new StationRef(active.profile().id(), active.code()));
            } else if (resolution instanceof StationResolution.Refused refused) {
                now = request.refused(new Rejection(
                        request.origin(),
                        refused.code(),
                        refused.reason(),
                        refused.detail(),
                        request.raw(),
                        request.rawSize()));
            } else {
                throw new SQLException(
                        "cannot look up station '" + request.station().code() + "': "
                                + ((StationResolution.Unavailable) resolution).cause(),
                        "08006");
            }
            if (settled == null) {
                settled = new ArrayList<>(batch);
            }
            settled.set(i, now);
        }
        return settled == null ? batch : settled;
    }

    /** The rows of the batch; every request holds values of a resolved station, or none. */
    private static Plan plan(List<IngestRequest> batch) {
        int expected = batch.stream().mapToInt(IngestRequest::valueCount).sum();
        Plan plan = new Plan(expected);
        for (IngestRequest request : batch) {
            if (request.station() != null) {
                int stationId = request.station().id();
                for (Reading r : request.readings()) {
                    plan.readings.add(r.time(), stationId, r.metricId(), r.value(), r.flag());
                }
                for (StationAggregate aggregate : request.aggregates()) {
                    plan.aggregates.add(new AggregateStore.Row(stationId, aggregate));
                }
            }
            List<RejectReason> rejected = new ArrayList<>(request.rejections().size());
            for (Rejection rejection : request.rejections()) {
                plan.rejections.add(rejection);
                rejected.add(rejection.reason());
            }
            plan.outcomes.add(WriteOutcome.committed(request.valueCount(), rejected));
        }
        return plan;
    }

    private void notifyCommitted(ReadingBatch readings) {
        if (readings.size() == 0) {
            return;
        }
        try {
            commitListener.committed(readings);
        } catch (RuntimeException e) {
            log.error("Commit listener failed; the batch is stored and acknowledged regardless", e);
        }
    }

    private void complete(IngestRequest request, WriteOutcome outcome) {
        try {
            request.onDone().accept(outcome);
        } catch (RuntimeException e) {
            log.error("Acknowledgement callback failed for {}", request.origin(), e);
        }
    }

    private void backOffAfterFailure() {
        if (consecutiveFailures == 0) {
            return;
        }
        long millis = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(consecutiveFailures - 1, 5));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SQLState class 08 (connection exception), 57P (operator intervention) or a pool timeout. */
    static boolean isConnectionProblem(SQLException e) {
        if (e instanceof NotNow) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return true;
        }
        return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("Rollback failed: {}", e.getMessage());
        }
    }
}
