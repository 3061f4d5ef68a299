package org.envmon.ingest.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.envmon.ingest.payload.Rejection;

/**
 * The bounded hand-off between event loops and the batch writer. The bound is on estimated heap
 * bytes and covers requests from admission until their batch has been written, so queued plus
 * in-flight data never exceeds it (one request larger than the bound is admitted only into an
 * empty queue). Producers never block: a refused producer registers a callback that runs once the
 * queue has drained to half its bound, and stops reading its socket meanwhile.
 */
public final class IngestQueue {
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<IngestRequest> waiting = new ArrayDeque<>();
    private final List<Runnable> spaceWaiters = new ArrayList<>();
    private long bytes;
    private long highWaterBytes;
    private int inFlightRequests;
    private boolean closed;

    public IngestQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The answer to an offer. */
    public enum Admission {
        ACCEPTED,
        FULL,
        CLOSED
    }

    /**
     * Admits the request, or, when it does not fit, registers {@code onSpace} to be run once there
     * is room again and answers {@link Admission#FULL}. Never blocks.
     */
    public Admission offerOrNotify(IngestRequest request, Runnable onSpace) {
        long weight = request.weight();
        lock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            boolean empty = waiting.isEmpty() && inFlightRequests == 0;
            if (!empty && bytes + weight > maxBytes) {
                if (onSpace != null) {
                    spaceWaiters.add(onSpace);
                }
                return Admission.FULL;
            }
            waiting.addLast(request);
            bytes += weight;
            highWaterBytes = Math.max(highWaterBytes, bytes);
            notEmpty.signal();
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Admits the request if it fits, without waiting for room; for records that may be dropped when full. */
    public boolean tryOffer(IngestRequest request) {
        return offerOrNotify(request, null) == Admission.ACCEPTED;
    }

    /**
     * Queues a rejection that stands alone (a refused login, bytes outside any frame) if it fits now;
     * nobody waits for its outcome, so it may be dropped when the queue is full.
     */
    public boolean tryRecord(Rejection rejection) {
        return tryOffer(IngestRequest.rejected(rejection.origin(), List.of(rejection), outcome -> {}));
    }

    /**
     * Takes the next batch: at least one request, then more while they fit in {@code maxReadings}.
     * Returns an empty list when nothing arrived within {@code wait}, or when closed and empty.
     */
    public List<IngestRequest> takeBatch(int maxReadings, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (waiting.isEmpty()) {
                if (closed || nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            List<IngestRequest> batch = new ArrayList<>();
            int readings = 0;
            while (!waiting.isEmpty()) {
                IngestRequest next = waiting.peekFirst();
                if (!batch.isEmpty() && readings + next.valueCount() > maxReadings) {
                    break;
                }
                batch.add(waiting.pollFirst());
                readings += next.valueCount();
            }
            inFlightRequests += batch.size();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the room a written batch held and wakes producers that wait for it. */
    public void release(List<IngestRequest> batch) {
        List<Runnable> toWake = List.of();
        lock.lock();
        try {
            for (IngestRequest request : batch) {
                bytes -= request.weight();
            }
            inFlightRequests -= batch.size();
            if (!spaceWaiters.isEmpty() && bytes <= maxBytes / 2) {
                toWake = new ArrayList<>(spaceWaiters);
                spaceWaiters.clear();
            }
            if (waiting.isEmpty() && inFlightRequests == 0) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
        toWake.forEach(Runnable::run);
    }

    /** Refuses new requests; the writer keeps taking what is queued. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every admitted request has been written; false on timeout. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!waiting.isEmpty() || inFlightRequests > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = drained.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public int requests() {
        lock.lock();
        try {
            return waiting.size() + inFlightRequests;
        } finally {
            lock.unlock();
        }
    }

    public long highWaterBytes() {
        lock.lock();
        try {
            return highWaterBytes;
        } finally {
            lock.unlock();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }
}
