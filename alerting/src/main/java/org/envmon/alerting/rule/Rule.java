package org.envmon.alerting.rule;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One validated alert rule. {@code metric} is empty only for a {@link Condition.NoData} rule that
 * watches the whole station. {@code window} averages values over that reading-time span before the
 * condition sees them; {@code holdFor} is how long the condition must hold before the alert fires;
 * {@code allowedPerDay} exceedances per local day of the station are recorded but not notified.
 */
public record Rule(
        String id,
        String name,
        Scope scope,
        Optional<String> metric,
        Condition condition,
        Duration holdFor,
        Optional<Duration> window,
        int allowedPerDay,
        Severity severity,
        List<String> routes) {

    /** How far back stored readings must be replayed to rebuild this rule's state after a restart. */
    public Duration lookback() {
        Duration base = window.orElse(Duration.ZERO).plus(holdFor);
        if (condition instanceof Condition.Rate rate) {
            base = base.plus(rate.per());
        }
        return allowedPerDay > 0 ? max(base, Duration.ofHours(24)) : base.plus(Duration.ofMinutes(5));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
