package org.envmon.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.CommitListener;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.spool.SpoolRuntime;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.NewFactors;
import org.envmon.ingest.store.ReadingWriter;
import org.envmon.ingest.store.RejectionStore;

/**
 * The storage side of the service: the bounded ingest queue, the writer thread that commits its
 * batches, and (when enabled) the disk spool that takes them while the database is away.
 */
final class Storage implements AutoCloseable {
    private final IngestQueue queue;
    private final BatchWriter writer;
    private final Thread writerThread;
    private final SpoolRuntime spool;
    private final Duration shutdownTimeout;
    private boolean closed;

    private Storage(
            IngestQueue queue, BatchWriter writer, Thread writerThread, SpoolRuntime spool, Duration shutdownTimeout) {
        this.queue = queue;
        this.writer = writer;
        this.writerThread = writerThread;
        this.spool = spool;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @param stations resolves the stations the edge could not look up while the database was away */
    static Storage start(
            EnvmonConfig config,
            Database database,
            IngestMetrics metrics,
            MeterRegistry registry,
            Clock clock,
            CommitListener commitListener,
            StationResolver stations,
            NewFactors factors) {
        IngestQueue queue = new IngestQueue(config.ingest().queueMaxBytes());
        metrics.queueGauges(queue::bytes, queue::requests, queue.maxBytes());
        BatchWriter.Settings settings = new BatchWriter.Settings(
                config.ingest().batchMaxReadings(),
                config.spool().enabled() ? config.spool().commitTimeout() : Duration.ZERO);
        BatchWriter.Target target = new BatchWriter.Target(
                database.dataSource(),
                ReadingWriter.of(config.ingest().writeStrategy()),
                new RejectionStore(),
                stations,
                factors);
        SpoolRuntime spool = null;
        if (config.spool().enabled()) {
            // The drainer replays through a writer of its own: same rules, never its own fallback.
            BatchWriter replay = new BatchWriter(
                    new IngestQueue(config.ingest().queueMaxBytes()),
                    target,
                    settings,
                    BatchWriter.Fallback.NONE,
                    metrics,
                    commitListener);
            spool = SpoolRuntime.start(
                    config.dataDir().resolve("spool"), config.spool(), registry, clock, database.dataSource(), replay);
        }
        BatchWriter writer = new BatchWriter(
                queue,
                target,
                settings,
                spool == null ? BatchWriter.Fallback.NONE : spool.fallback(),
                metrics,
                commitListener);
        Thread writerThread = new Thread(writer, "envmon-writer");
        writerThread.start();
        return new Storage(queue, writer, writerThread, spool, config.shutdownTimeout());
    }

    IngestQueue queue() {
        return queue;
    }

    /** With a spool the live writer stops touching the database while it spools; the drainer re-proves it. */
    boolean writerTrustsDatabase() {
        return spool != null || writer.databaseHealthy();
    }

    HealthReport.Queue queueHealth() {
        return new HealthReport.Queue(queue.bytes(), queue.maxBytes(), queue.requests());
    }

    HealthReport.Spool spoolHealth() {
        return spool == null
                ? HealthReport.Spool.DISABLED
                : new HealthReport.Spool(
                        true,
                        spool.engaged(),
                        spool.bytes(),
                        spool.maxBytes(),
                        spool.records(),
                        spool.oldestAgeSeconds());
    }

    /**
     * Waits up to the shutdown timeout for what is queued to be written and acknowledged.
     *
     * @return false when requests were still queued at the timeout (they stay unacknowledged)
     */
    boolean drain() throws InterruptedException {
        return queue.awaitDrained(shutdownTimeout);
    }

    /** Stops the writer after the batch in progress; nothing still queued is acknowledged. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.close();
        if (spool != null) {
            // A writer held by a full spool (backpressure) gives up: its batch stays unacknowledged.
            spool.close();
        }
        try {
            writerThread.join(shutdownTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
