package org.envmon.ingest.transport;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages per station per second, as a token bucket per station code shared by every connection
 * and listener: reconnecting does not refill it, and two connections of one station share it. A
 * station may send a burst of {@code burst} messages (a logger catching up after an outage sends
 * its backlog quickly), then {@code perSecond} on average. Thread-safe.
 */
public final class StationRateLimiter {
    private final double perSecond;
    private final double burst;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastMillis;

        Bucket(double tokens, long lastMillis) {
            this.tokens = tokens;
            this.lastMillis = lastMillis;
        }
    }

    public StationRateLimiter(double perSecond, int burst, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes one message's token; false when the station is over its rate. */
    public boolean tryAcquire(String station) {
        long now = clock.millis();
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
}
