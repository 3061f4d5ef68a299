package org.envmon.simulator.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One episode: it ramps up linearly over {@code rise}, holds at full strength, and recovers linearly over
 * {@code fall}. {@code magnitude} scales its effect (1 = the model's typical event).
 */
public record Episode(EpisodeKind kind, Instant start, Duration rise, Duration hold, Duration fall, double magnitude) {
    public Episode {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        if (rise.isNegative() || hold.isNegative() || fall.isNegative() || magnitude < 0) {
            throw new IllegalArgumentException("episode durations and magnitude must not be negative");
        }
    }

    public Instant end() {
        return start.plus(rise).plus(hold).plus(fall);
    }

    /** Strength between 0 and {@code magnitude} at {@code time}. */
    public double intensity(Instant time) {
        if (time.isBefore(start) || !time.isBefore(end())) {
            return 0;
        }
        long t = Duration.between(start, time).toMillis();
        long rising = rise.toMillis();
        long held = rising + hold.toMillis();
        if (t < rising) {
            return magnitude * t / rising;
        }
        if (t < held) {
            return magnitude;
        }
        return magnitude * (1 - (double) (t - held) / Math.max(1, fall.toMillis()));
    }
}
