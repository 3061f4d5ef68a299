package org.envmon.alerting.eval;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;

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

    record Sample(Instant time, double value) {
    }

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

    /** Restores an open alert from the database after a restart. */
    public void restore(Phase restoredPhase, long id, Instant episodeStart, boolean exceedanceCounted,
                        boolean wasFlapping) {
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

    /** Remembers the last (resolved) alert of the series after a restart, for flapping events. */
    public void restoreResolved(long id) {
        lastAlertId = id;
    }

    public void arrival(Instant at) {
        lastArrival = at;
    }

    Instant lastArrival() {
        return lastArrival;
    }
}
