package org.envmon.ingest.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections overall and per source address, shared by every listener of the service, so
 * that one address (or a botnet) cannot take all the sockets and file descriptors. Thread-safe:
 * connections are accepted and closed on many event loops.
 */
public final class ConnectionLimits {
    /** Why a connection was turned away; the lower-case name is the metric tag. */
    public enum Refusal {
        TOTAL,
        PER_ADDRESS
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot for a new connection from {@code address}; null when admitted, else why not. */
    public Refusal tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Refusal.TOTAL;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (key, open) -> {
            int now = open == null ? 0 : open;
            if (now >= maxPerAddress) {
                return now;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return Refusal.PER_ADDRESS;
        }
        return null;
    }

    /** Gives back the slot of a closed connection that {@link #tryAcquire} admitted. */
    public void release(InetAddress address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (key, open) -> open <= 1 ? null : open - 1);
    }

    public int open() {
        return total.get();
    }
}
