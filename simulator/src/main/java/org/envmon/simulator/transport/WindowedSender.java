package org.envmon.simulator.transport;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends over one link with at most {@code maxInFlight} unacknowledged envelopes: a permit is taken per
 * publish and given back in the link's callback, never by a blocked thread. Envelopes beyond the window
 * wait in a queue; a failed envelope goes back to its head and is retried on the next {@link #drain()},
 * so nothing handed to the sender is dropped (the platform de-duplicates redelivery).
 */
public final class WindowedSender implements AutoCloseable {
    private final Link link;
    private final Semaphore window;
    private final DeliveryListener listener;
    private final ConcurrentLinkedDeque<Envelope> waiting = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean failedSinceDrain;

    public WindowedSender(Link link, int maxInFlight, DeliveryListener listener) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("in-flight cap must be at least 1");
        }
        this.link = link;
        this.window = new Semaphore(maxInFlight);
        this.listener = listener;
    }

    public void submit(Envelope envelope) {
        waiting.addLast(envelope);
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
        link.publish(envelope, () -> {
            window.release();
            listener.acked(envelope, sentAt);
            drain();
        }, cause -> {
            waiting.addFirst(envelope);
            failedSinceDrain = true;
            window.release();
            listener.retrying(envelope, cause);
        });
    }

    /** Envelopes not yet published (behind the window or waiting for a retry). */
    public int waiting() {
        return waiting.size();
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
