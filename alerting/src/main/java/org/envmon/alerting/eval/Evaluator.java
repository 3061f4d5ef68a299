package org.envmon.alerting.eval;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.text.Numbers;

/**
 * The alert state machine, free of I/O: readings (in reading-time order per series) and clock
 * ticks go in, {@link Change}s come out. Value conditions see only N-flagged data; a reading not
 * newer than the last one of its series is ignored (a redelivery, or late data).
 */
public final class Evaluator {
    private final int flapChanges;
    private final Duration flapWindow;

    /** A series that fires or resolves more than {@code flapChanges} times within {@code flapWindow} flaps. */
    public Evaluator(int flapChanges, Duration flapWindow) {
        this.flapChanges = flapChanges;
        this.flapWindow = flapWindow;
    }

    /**
     * Evaluates one reading. {@code silent} (replay of stored readings after a restart or a rule
     * change) rebuilds windows and the last value but changes no state.
     */
    public List<Change> onReading(
            Rule rule, StationInfo station, Series s, ReadingEvent r, Instant arrival, boolean silent) {
        List<Change> changes = new ArrayList<>();
        Condition condition = rule.condition();
        if (condition instanceof Condition.NoData) {
            if (silent) {
                return changes;
            }
            s.lastArrival = arrival;
            if (s.phase != Phase.NORMAL) {
                close(s, arrival, r.value(), "data again from the station", changes);
            }
            return changes;
        }
        if (s.lastTime != null && !r.time().isAfter(s.lastTime)) {
            return changes;
        }
        boolean breached;
        boolean cleared;
        double observed;
        if (condition instanceof Condition.FlagIn flags) {
            s.lastTime = r.time();
            observed = r.value();
            breached = flags.flags().contains(r.flag());
            cleared = !breached;
        } else {
            if (r.flag() != 'N') {
                return changes;
            }
            Condition.OnValue onValue = (Condition.OnValue) condition;
            Double value = observe(rule, s, r);
            if (value == null) {
                return changes;
            }
            observed = value;
            breached = onValue.breached(observed, station);
            cleared = onValue.cleared(observed, station);
        }
        if (silent) {
            return changes;
        }
        step(rule, station, s, r.time(), observed, breached, cleared, changes);
        return changes;
    }

    /** Clock tick: silence of no-data series, and the end of flapping. */
    public List<Change> onTick(Rule rule, Series s, Instant now) {
        List<Change> changes = new ArrayList<>();
        if (rule.condition() instanceof Condition.NoData noData
                && s.phase == Phase.NORMAL
                && s.lastArrival != null
                && !now.isBefore(s.lastArrival.plus(noData.silence()))) {
            s.phase = Phase.PENDING;
            s.since = s.lastArrival;
            s.counted = true;
            String detail = "no data since " + s.lastArrival;
            changes.add(new Change(Change.Kind.PENDING, now, Double.NaN, detail, false));
            fire(s, now, Double.NaN, detail, changes);
        }
        if (s.flapping
                && (s.flips.isEmpty() || !s.flips.peekLast().plus(flapWindow).isAfter(now))) {
            s.flapping = false;
            s.flips.clear();
            changes.add(new Change(
                    Change.Kind.FLAPPING_ENDED,
                    now,
                    Double.NaN,
                    "stable for " + flapWindow.toMinutes() + " min, now " + s.phase.label(),
                    true));
        }
        return changes;
    }

    /** The value the condition sees: the reading, its window mean, or its rate of change; null if none yet. */
    private static Double observe(Rule rule, Series s, ReadingEvent r) {
        Instant previousTime = s.lastTime;
        double previousValue = s.lastValue;
        s.lastTime = r.time();
        s.lastValue = r.value();
        if (rule.condition() instanceof Condition.Rate rate) {
            if (previousTime == null || Double.isNaN(previousValue)) {
                return null;
            }
            double seconds = Duration.between(previousTime, r.time()).toNanos() / 1e9;
            return (r.value() - previousValue) / seconds * (rate.per().toNanos() / 1e9);
        }
        if (rule.window().isPresent()) {
            Instant horizon = r.time().minus(rule.window().get());
            s.window.addLast(new Series.Sample(r.time(), r.value()));
            s.windowSum += r.value();
            while (!s.window.isEmpty() && !s.window.peekFirst().time().isAfter(horizon)) {
                s.windowSum -= s.window.removeFirst().value();
            }
            return s.windowSum / s.window.size();
        }
        return r.value();
    }

    private void step(
            Rule rule,
            StationInfo station,
            Series s,
            Instant at,
            double observed,
            boolean breached,
            boolean cleared,
            List<Change> changes) {
        String shown = Numbers.plain(Math.round(observed * 1e4) / 1e4);
        if (s.phase == Phase.NORMAL) {
            if (!breached) {
                return;
            }
            s.phase = Phase.PENDING;
            s.since = at;
            s.counted = false;
            changes.add(new Change(Change.Kind.PENDING, at, observed, "breached: " + shown, false));
        } else if (cleared) {
            close(s, at, observed, "cleared: " + shown, changes);
            return;
        }
        if (s.phase == Phase.PENDING && !s.counted && !at.isBefore(s.since.plus(rule.holdFor()))) {
            s.counted = true;
            LocalDate date = at.atZone(station.zone()).toLocalDate();
            if (!date.equals(s.day)) {
                s.day = date;
                s.dayCount = 0;
            }
            s.dayCount++;
            if (s.dayCount <= rule.allowedPerDay()) {
                changes.add(new Change(
                        Change.Kind.ALLOWED,
                        at,
                        observed,
                        "exceedance " + s.dayCount + " of " + rule.allowedPerDay() + " allowed on " + date,
                        false));
            } else {
                fire(s, at, observed, "held " + Duration.between(s.since, at).toSeconds() + " s: " + shown, changes);
            }
        }
    }

    /** Which exceedance of its local day the open episode is (0 when not counted). */
    public static int exceedanceNumber(Series s) {
        return s.counted ? s.dayCount : 0;
    }

    private void fire(Series s, Instant at, double value, String detail, List<Change> changes) {
        s.phase = Phase.FIRING;
        boolean quiet = s.flapping;
        changes.add(new Change(Change.Kind.FIRING, at, value, detail, !quiet));
        flip(s, at, value, changes);
    }

    private void close(Series s, Instant at, double value, String detail, List<Change> changes) {
        boolean wasFiring = s.phase == Phase.FIRING;
        s.phase = Phase.NORMAL;
        boolean quiet = s.flapping;
        changes.add(new Change(Change.Kind.RESOLVED, at, value, detail, wasFiring && !quiet));
        if (wasFiring) {
            flip(s, at, value, changes);
        }
        s.alertId = 0;
        s.since = null;
        s.counted = false;
    }

    private void flip(Series s, Instant at, double value, List<Change> changes) {
        s.flips.addLast(at);
        while (!s.flips.isEmpty() && s.flips.peekFirst().isBefore(at.minus(flapWindow))) {
            s.flips.removeFirst();
        }
        if (!s.flapping && s.flips.size() > flapChanges) {
            s.flapping = true;
            changes.add(new Change(
                    Change.Kind.FLAPPING,
                    at,
                    value,
                    s.flips.size() + " state changes within " + flapWindow.toMinutes()
                            + " min; further changes are recorded but not notified until stable",
                    true));
        }
    }
}
