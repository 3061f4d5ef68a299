package org.envmon.ingest.spool;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.RequestCodec;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the spool into the database, oldest record first, on its own thread so that probing a
 * database that is still away never delays acknowledgements of new (spooled) traffic. Each chunk
 * is replayed through a batch writer of its own (same quarantine and poison isolation as live
 * traffic) and its transaction also moves the drain checkpoint; the chunk is
 * released from the spool only after that commit. A chunk that fails is retried after a back-off.
 */
public final class SpoolDrainer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SpoolDrainer.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Spool spool;
    private final BatchWriter replay;
    private final DataSource dataSource;
    private final SpoolMetrics metrics;
    private final int chunkBytes;
    private final CountDownLatch stop = new CountDownLatch(1);
    private UUID loadedGeneration;
    private Optional<DrainCheckpoint.Position> checkpoint = Optional.empty();
    private int failures;
    private long drainedInEpisode;

    public SpoolDrainer(Spool spool, BatchWriter replay, DataSource dataSource, SpoolMetrics metrics, int chunkBytes) {
        this.spool = spool;
        this.replay = replay;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public void run() {
        try {
            while (stop.getCount() > 0) {
                if (!spool.awaitRecords(500)) {
                    metrics.drainIdle();
                    continue;
                }
                if (!drainStep()) {
                    backOff();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the loop to end after the step in progress. */
    public void stop() {
        stop.countDown();
    }

    /** Drains one chunk; false when it has to be retried later. */
    boolean drainStep() {
        try {
            SpoolChunk chunk = spool.read(chunkBytes);
            if (chunk == null) {
                return true;
            }
            if (!chunk.generation().equals(loadedGeneration)) {
                checkpoint = DrainCheckpoint.read(dataSource, chunk.generation());
                loadedGeneration = chunk.generation();
            }
            boolean stored = replay(chunk);
            if (stored) {
                finishStep(chunk);
            } else {
                loadedGeneration = null;
            }
            spool.drainProgress(stored);
            return stored;
        } catch (SQLException e) {
            spool.drainProgress(false);
            logFailure("the database is not answering yet: " + e.getMessage());
            return false;
        } catch (IOException e) {
            spool.drainProgress(false);
            logFailure("cannot read the spool: " + e.getMessage());
            return false;
        }
    }

    private boolean replay(SpoolChunk chunk) throws IOException {
        List<IngestRequest> requests = new ArrayList<>(chunk.entries().size());
        Map<IngestRequest, Long> ends = new IdentityHashMap<>();
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (SegmentFile.Entry entry : chunk.entries()) {
            if (checkpoint.isPresent() && checkpoint.get().covers(chunk.segment(), entry.end())) {
                continue;
            }
            IngestRequest request = RequestCodec.decode(entry.payload(), outcomes::add);
            requests.add(request);
            ends.put(request, entry.end());
        }
        if (requests.isEmpty()) {
            return true;
        }
        long started = System.nanoTime();
        replay.writeBatch(
                requests,
                (connection, batch) -> DrainCheckpoint.write(
                        connection,
                        chunk.generation(),
                        new DrainCheckpoint.Position(chunk.segment(), ends.get(batch.get(batch.size() - 1)))));
        boolean all = outcomes.size() == requests.size() && outcomes.stream().allMatch(WriteOutcome::committed);
        if (all) {
            metrics.drained(requests.size(), System.nanoTime() - started);
            drainedInEpisode += requests.size();
        } else {
            Throwable cause = outcomes.stream()
                    .filter(o -> !o.committed())
                    .map(WriteOutcome::failure)
                    .findFirst()
                    .orElse(null);
            logFailure("the database is not answering yet: " + (cause == null ? "unknown" : cause.getMessage()));
        }
        return all;
    }

    private void finishStep(SpoolChunk chunk) throws IOException {
        checkpoint = Optional.of(new DrainCheckpoint.Position(chunk.segment(), chunk.end()));
        if (failures > 0) {
            log.info("Database answers again; draining the spool ({} record(s) waiting)", spool.records());
        }
        failures = 0;
        spool.drained(chunk);
        if (!spool.engaged()) {
            log.info("Spool drained: {} record(s) written to the database", drainedInEpisode);
            drainedInEpisode = 0;
            forget(chunk.generation());
        }
    }

    private void forget(UUID generation) {
        try {
            DrainCheckpoint.forget(dataSource, generation);
        } catch (SQLException e) {
            log.debug("Could not remove the checkpoint of a drained spool generation: {}", e.getMessage());
        }
        loadedGeneration = null;
        checkpoint = Optional.empty();
    }

    private void logFailure(String message) {
        failures++;
        if (failures == 1 || failures % 20 == 0) {
            log.warn("Spool drain paused ({} record(s) waiting, attempt {}): {}", spool.records(), failures, message);
        }
    }

    private void backOff() throws InterruptedException {
        long millis = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(Math.max(failures - 1, 0), 5));
        stop.await(millis, TimeUnit.MILLISECONDS);
    }
}
