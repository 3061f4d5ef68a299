package org.envmon.simulator.transport;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends over one link with at most {@code maxInFlight} unacknowledged envelopes: a permit is taken per
 * publish and given back in the link's callback, never by a blocked thread. Envelopes beyond the window
 * wait in a queue of at most {@code maxWaiting}; a failed envelope goes back to its head and is retried on
 * the next {@link #drain()} (the platform de-duplicates redelivery). When the platform is away or slower
 * than the offered rate, the queue is full and the oldest waiting envelope is dropped, as a data logger's
 * ring buffer overwrites its oldest record: memory stays bounded and the listener counts the loss.
 */
public final class WindowedSender implements AutoCloseable {
    private final Link link;
    private final Semaphore window;
    private final DeliveryListener listener;
    private final int maxWaiting;
    private final ConcurrentLinkedDeque<Envelope> waiting = new ConcurrentLinkedDeque<>();
    /** Size of {@code waiting}, whose own size() walks the whole deque. */
    private final AtomicInteger waitingCount = new AtomicInteger();

    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean failedSinceDrain;

    public WindowedSender(Link link, int maxInFlight, int maxWaiting, DeliveryListener listener) {
        if (maxInFlight < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("in-flight cap and send queue must be at least 1");
        }
        this.link = link;
        this.window = new Semaphore(maxInFlight);
        this.maxWaiting = maxWaiting;
        this.listener = listener;
    }

    public void submit(Envelope envelope) {
        waiting.addLast(envelope);
        if (waitingCount.incrementAndGet() > maxWaiting) {
            Envelope oldest = waiting.pollFirst();
            if (oldest != null) {
                waitingCount.decrementAndGet();
                listener.dropped(oldest);
            }
        }
        drain();
    }

    /** Publishes waiting envelopes while the window has room; called on submit, on acks and by the ticker. */
    public void drain() {
        failedSinceDrain = false;
        // one drainer at a time keeps envelopes of a station in order
        while (!waiting.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                while (!failedSinceDrain && link.connected() && window.tryAcquire()) {
                    Envelope next = waiting.pollFirst();
                    if (next == null) {
                        window.release();
                        break;
                    }
                    waitingCount.decrementAndGet();
                    publish(next);
                }
            } finally {
                draining.set(false);
            }
            if (failedSinceDrain || !link.connected() || window.availablePermits() == 0) {
                return;
            }
        }
    }

    private void publish(Envelope envelope) {
        long sentAt = System.nanoTime();
        link.publish(
                envelope,
                () -> {
                    window.release();
                    listener.acked(envelope, sentAt);
                    drain();
                },
                cause -> {
                    waiting.addFirst(envelope);
                    waitingCount.incrementAndGet();
                    failedSinceDrain = true;
                    window.release();
                    listener.retrying(envelope, cause);
                });
    }

    /** Envelopes not yet published (behind the window or waiting for a retry). */
    public int waiting() {
        return waitingCount.get();
    }

    public int inFlight(int maxInFlight) {
        return maxInFlight - window.availablePermits();
    }

    public boolean connected() {
        return link.connected();
    }

    @Override
    public void close() {
        link.close();
    }
}
