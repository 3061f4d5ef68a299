package org.envmon.ingest.payload;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The span of station times the service accepts: not further ahead of the server clock than the
 * allowed skew, not older than the retention period. Shared by every payload decoder.
 */
public final class TimeWindow {
    private final Clock clock;
    private final Duration maxFutureSkew;
    private final Duration retention;

    public TimeWindow(Clock clock, Duration maxFutureSkew, Duration retention) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
        this.retention = retention;
    }

    /**
     * Empty when the time is acceptable, else the problem with a message naming the limit. The
     * problem's prefix and raw bytes are built only for a refused time: this runs for every element
     * and frame, and almost every time is acceptable.
     */
    public Optional<Problem> check(Instant time, Supplier<String> where, Supplier<byte[]> raw) {
        Instant now = clock.instant();
        if (time.isAfter(now.plus(maxFutureSkew))) {
            return Optional.of(new Problem(
                    RejectReason.TIME_IN_FUTURE,
                    where.get() + "time " + time + " is more than " + maxFutureSkew.toMinutes()
                            + " min ahead of the server clock (" + now + ")",
                    raw.get()));
        }
        if (time.isBefore(now.minus(retention))) {
            return Optional.of(new Problem(
                    RejectReason.BEYOND_RETENTION,
                    where.get() + "time " + time + " is older than the retention period of " + retention.toDays()
                            + " days",
                    raw.get()));
        }
        return Optional.empty();
    }
}
