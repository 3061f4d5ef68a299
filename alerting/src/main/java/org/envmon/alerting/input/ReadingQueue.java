package org.envmon.alerting.input;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed batches waiting for evaluation. {@link #offer} never blocks: when more than
 * {@code maxReadings} would wait, the batch is dropped from memory, counted, and its earliest reading
 * time remembered, so the consumer can replay the stored readings from that time instead.
 */
public final class ReadingQueue {
    private static final Logger log = LoggerFactory.getLogger(ReadingQueue.class);

    private final int maxReadings;
    private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicReference<Instant> overflowSince = new AtomicReference<>();
    private final AtomicLong overflowedReadings = new AtomicLong();

    /** The readings of one committed batch and when ({@link System#nanoTime()}) they were handed over. */
    public record Batch(List<ReadingEvent> readings, long handedOverNanos) {}

    public ReadingQueue(int maxReadings) {
        this.maxReadings = maxReadings;
    }

    /** Queues a non-empty batch, or records it as overflowed when the queue is full. */
    public void offer(List<ReadingEvent> readings) {
        if (queued.addAndGet(readings.size()) > maxReadings) {
            queued.addAndGet(-readings.size());
            Instant earliest = readings.stream()
                    .map(ReadingEvent::time)
                    .min(Instant::compareTo)
                    .orElseThrow();
            overflowSince.accumulateAndGet(earliest, (a, b) -> a == null || b.isBefore(a) ? b : a);
            if (overflowedReadings.getAndAdd(readings.size()) == 0) {
                log.warn(
                        "Alert evaluation is behind ({} readings queued): batches are replayed from the database"
                                + " instead (counted in envmon_alerting_overflowed_readings_total)",
                        maxReadings);
            }
            return;
        }
        queue.add(new Batch(readings, System.nanoTime()));
    }

    /** The next batch, or null when none arrived within the timeout. */
    public Batch poll(long timeout, TimeUnit unit) throws InterruptedException {
        Batch batch = queue.poll(timeout, unit);
        if (batch != null) {
            queued.addAndGet(-batch.readings().size());
        }
        return batch;
    }

    /** The earliest reading time of the batches dropped since the last call, which the caller must now replay. */
    public Optional<Instant> takeOverflow() {
        return Optional.ofNullable(overflowSince.getAndSet(null));
    }

    public int backlog() {
        return queued.get();
    }

    public long overflowedReadings() {
        return overflowedReadings.get();
    }
}
