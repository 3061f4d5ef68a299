package org.envmon.ingest.transport;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages per station per second, as a token bucket per station code shared by every connection
 * and listener: reconnecting does not refill it, and two connections of one station share it. A
 * station may send a burst of {@code burst} messages (a logger catching up after an outage sends
 * its backlog quickly), then {@code perSecond} on average. Thread-safe.
 *
 * <p>The codes come from the wire (an HJ 212 MN, a topic), so a sender inventing codes must not
 * grow the table without bound: at {@code maxTracked} buckets, full ones are dropped (a full
 * bucket is what a new one starts as, so nothing changes for its station), at most once a second;
 * if every bucket is still in use, a code not yet tracked passes uncounted rather than use more
 * memory. Unknown codes are refused later anyway; real stations number in the hundreds.
 */
public final class StationRateLimiter {
    static final int DEFAULT_MAX_TRACKED = 100_000;

    private final double perSecond;
    private final double burst;
    private final Clock clock;
    private final int maxTracked;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE);

    private static final class Bucket {
        double tokens;
        long lastMillis;

        Bucket(double tokens, long lastMillis) {
            this.tokens = tokens;
            this.lastMillis = lastMillis;
        }
    }

    public StationRateLimiter(double perSecond, int burst, Clock clock) {
        this(perSecond, burst, clock, DEFAULT_MAX_TRACKED);
    }

    StationRateLimiter(double perSecond, int burst, Clock clock, int maxTracked) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    /** Takes one message's token; false when the station is over its rate. */
    public boolean tryAcquire(String station) {
        long now = clock.millis();
        if (buckets.size() >= maxTracked && !buckets.containsKey(station) && !sweptBelowLimit(now)) {
            return true;
        }
        boolean[] granted = {false};
        buckets.compute(station, (code, bucket) -> {
            Bucket b = bucket == null ? new Bucket(burst, now) : bucket;
            b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.lastMillis) * perSecond / 1000.0);
            b.lastMillis = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                granted[0] = true;
            }
            return b;
        });
        return granted[0];
    }

    int tracked() {
        return buckets.size();
    }

    private boolean sweptBelowLimit(long now) {
        long last = lastSweepMillis.get();
        if (now - 1000 >= last && lastSweepMillis.compareAndSet(last, now)) {
            for (String code : buckets.keySet()) {
                buckets.computeIfPresent(code, (key, bucket) -> isFull(bucket, now) ? null : bucket);
            }
        }
        return buckets.size() < maxTracked;
    }

    private boolean isFull(Bucket bucket, long now) {
        return bucket.tokens + Math.max(0, now - bucket.lastMillis) * perSecond / 1000.0 >= burst;
    }
}
