package org.envmon.simulator.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one station: scripted ones plus random ones, which start on average once every
 * {@code meanInterval} (scaled by {@code rate}, 0 = none) and last minutes.
 */
public final class Faults {
    private static final FaultKind[] KINDS = FaultKind.values();

    private final List<Fault> faults = new ArrayList<>();
    private final Duration meanInterval;
    private final double rate;

    public Faults(List<Fault> scripted, Duration meanInterval, double rate) {
        if (rate < 0 || meanInterval.isZero() || meanInterval.isNegative()) {
            throw new IllegalArgumentException("fault rate must not be negative and the interval must be positive");
        }
        faults.addAll(scripted);
        this.meanInterval = meanInterval;
        this.rate = rate;
    }

    /** Advances to {@code time} and returns the faults active then. */
    public List<Fault> advance(SplittableRandom random, Instant time, double hours, int factorCount) {
        if (random.nextDouble() < rate * hours / (meanInterval.toSeconds() / 3600.0)) {
            FaultKind kind = KINDS[random.nextInt(KINDS.length)];
            Duration length = Duration.ofMinutes(random.nextInt(2, kind == FaultKind.OFFLINE ? 30 : 20));
            faults.add(new Fault(kind, time, time.plus(length), random.nextInt(Math.max(1, factorCount))));
        }
        faults.removeIf(fault -> !fault.end().isAfter(time));
        List<Fault> now = new ArrayList<>();
        for (Fault fault : faults) {
            if (fault.activeAt(time)) {
                now.add(fault);
            }
        }
        return now;
    }
}
