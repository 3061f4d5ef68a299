package org.envmon.simulator.transport;

/** Told the fate of every envelope; called on transport threads. */
public interface DeliveryListener {
    /** The platform acknowledged {@code envelope}; {@code publishNanos} is when it went out (System.nanoTime). */
    void acked(Envelope envelope, long publishNanos);

    /** A try failed; the envelope is queued again and retried. */
    void retrying(Envelope envelope, Throwable cause);

    /** The send queue was full: {@code envelope}, the oldest waiting, is given up and never sent. */
    void dropped(Envelope envelope);
}
