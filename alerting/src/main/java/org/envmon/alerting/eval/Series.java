package org.envmon.alerting.eval;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The evaluation state of one rule at one station. Confined to the engine's evaluation thread.
 */
public final class Series {
    final String ruleId;
    final int stationId;
    Phase phase = Phase.NORMAL;
    long alertId;
    long lastAlertId;
    Instant since;
    boolean counted;
    Instant lastTime;
    double lastValue = Double.NaN;
    final Deque<Sample> window = new ArrayDeque<>();
    double windowSum;
    LocalDate day;
    int dayCount;
    final Deque<Instant> flips = new ArrayDeque<>();
    boolean flapping;
    Instant lastArrival;

    record Sample(Instant time, double value) {}

    public Series(String ruleId, int stationId) {
        this.ruleId = ruleId;
        this.stationId = stationId;
    }

    public String ruleId() {
        return ruleId;
    }

    public int stationId() {
        return stationId;
    }

    public Phase phase() {
        return phase;
    }

    public long alertId() {
        return alertId;
    }

    public boolean flapping() {
        return flapping;
    }

    /** The alert row that events of this series currently belong to (the open one, else the last one). */
    public long currentAlertId() {
        return alertId != 0 ? alertId : lastAlertId;
    }

    /** Called once the store has created the alert row of a new episode. */
    public void attach(long id) {
        alertId = id;
        lastAlertId = id;
    }

    /**
     * Called once the store has resolved alert {@code id}. The evaluator closes an episode before its
     * changes are stored; when they are stored late (after a database outage) the opening change
     * attaches the alert again, and this ends that attachment.
     */
    public void detach(long id) {
        if (alertId == id) {
            alertId = 0;
        }
    }

    /** Restores an open alert from the database after a restart. */
    public void restore(
            Phase restoredPhase, long id, Instant episodeStart, boolean exceedanceCounted, boolean wasFlapping) {
        phase = restoredPhase;
        attach(id);
        since = episodeStart;
        counted = exceedanceCounted;
        flapping = wasFlapping;
    }

    /** Restores how many exceedances the station's local day {@code date} has had. */
    public void restoreDay(LocalDate date, int count) {
        day = date;
        dayCount = count;
    }

    /**
     * Remembers the last (resolved) alert of the series after a restart, for flapping events, and
     * whether the series was flapping (the latest alert carries that).
     */
    public void restoreResolved(long id, boolean wasFlapping) {
        lastAlertId = id;
        flapping = wasFlapping;
    }

    /**
     * Restores the flips (firings, resolutions after firing) of the flap window after a restart, oldest
     * first, so that flapping starts and ends as if the engine had not stopped.
     */
    public void restoreFlips(List<Instant> times) {
        flips.clear();
        flips.addAll(times);
    }

    public void arrival(Instant at) {
        lastArrival = at;
    }

    Instant lastArrival() {
        return lastArrival;
    }
}
