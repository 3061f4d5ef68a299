package org.envmon.ingest.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.envmon.ingest.pipeline.CommitListener;
import org.envmon.ingest.store.ReadingBatch;

/**
 * When each station's data last arrived and the service's reading rate, kept from the writer's
 * commits so the console's overview costs no query over readings. A station is online while its
 * last data arrived within {@link #ONLINE_WINDOW}. Memory: one entry per station that sent data.
 */
public final class StationActivity implements CommitListener {
    /** HJ 212 loggers send real-time data every 30 s to 5 min; three missed 5-minute reports is offline. */
    public static final Duration ONLINE_WINDOW = Duration.ofMinutes(15);

    private static final int RATE_SECONDS = 60;

    /** The newest reading time and the last arrival of one station's data. */
    public record Seen(Instant lastReading, Instant lastArrival) {
        Seen merge(Seen other) {
            return new Seen(
                    lastReading.isAfter(other.lastReading) ? lastReading : other.lastReading,
                    lastArrival.isAfter(other.lastArrival) ? lastArrival : other.lastArrival);
        }
    }

    private final Map<Integer, Seen> seen = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long[] countsPerSecond = new long[RATE_SECONDS];
    private final long[] secondOfSlot = new long[RATE_SECONDS];

    public StationActivity(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void committed(ReadingBatch readings) {
        Instant now = clock.instant();
        Map<Integer, Long> newest = new HashMap<>();
        for (int i = 0; i < readings.size(); i++) {
            newest.merge(readings.stationIdAt(i), readings.epochMicrosAt(i), Math::max);
        }
        newest.forEach((station, micros) -> seen.merge(
                station,
                new Seen(
                        Instant.ofEpochSecond(
                                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L),
                        now),
                Seen::merge));
        count(now.getEpochSecond(), readings.size());
    }

    /** What the database knew when the service started; data arriving since wins. */
    public void seed(Map<Integer, Seen> known) {
        known.forEach((station, s) -> seen.merge(station, s, Seen::merge));
    }

    public Optional<Seen> seen(int stationId) {
        return Optional.ofNullable(seen.get(stationId));
    }

    public boolean online(int stationId) {
        Seen s = seen.get(stationId);
        return s != null && s.lastArrival().isAfter(clock.instant().minus(ONLINE_WINDOW));
    }

    /** Readings stored per second, averaged over the last full minute. */
    public synchronized double readingsPerSecond() {
        long current = clock.instant().getEpochSecond();
        long total = 0;
        for (int slot = 0; slot < RATE_SECONDS; slot++) {
            long age = current - secondOfSlot[slot];
            if (age >= 1 && age <= RATE_SECONDS) {
                total += countsPerSecond[slot];
            }
        }
        return total / (double) RATE_SECONDS;
    }

    private synchronized void count(long second, int readings) {
        int slot = (int) Math.floorMod(second, (long) RATE_SECONDS);
        if (secondOfSlot[slot] != second) {
            secondOfSlot[slot] = second;
            countsPerSecond[slot] = 0;
        }
        countsPerSecond[slot] += readings;
    }
}
