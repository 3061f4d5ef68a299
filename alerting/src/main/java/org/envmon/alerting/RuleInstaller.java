package org.envmon.alerting;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envmon.alerting.eval.Phase;
import org.envmon.alerting.eval.Series;
import org.envmon.alerting.eval.SeriesTable;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.notify.NotifierRegistry;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.rule.RuleIndex;
import org.envmon.alerting.rule.RuleSet;
import org.envmon.alerting.store.AlertStore;
import org.envmon.alerting.store.Catalog;
import org.envmon.alerting.store.CatalogCache;

/**
 * Makes a rule set the active one, at start and on every reload. New and changed rules get their
 * state rebuilt: open alerts, today's exceedance counts and the flapping history of the flap window
 * from the database, windows by a silent replay of stored readings. Open alerts of removed rules are
 * resolved without a notification. Confined to the evaluation thread (or the starting thread before it runs).
 */
final class RuleInstaller {
    private final Clock clock;
    private final Catalog catalog;
    private final CatalogCache known;
    private final AlertStore store;
    private final SeriesTable series;
    private final RuleEvaluation evaluation;
    private final NotifierRegistry notifiers;
    private final Duration flapWindow;

    RuleInstaller(
            Clock clock,
            Catalog catalog,
            CatalogCache known,
            AlertStore store,
            SeriesTable series,
            RuleEvaluation evaluation,
            NotifierRegistry notifiers,
            Duration flapWindow) {
        this.clock = clock;
        this.catalog = catalog;
        this.known = known;
        this.store = store;
        this.series = series;
        this.evaluation = evaluation;
        this.notifiers = notifiers;
        this.flapWindow = flapWindow;
    }

    void install(RuleSet next) throws SQLException {
        // The state of changed rules is rebuilt from the database, so changes still waiting to be
        // stored must be in it first.
        evaluation.storeWaitingChanges(clock.instant());
        RuleSet current = evaluation.rules().ruleSet();
        Set<String> rebuild = new HashSet<>();
        for (Rule rule : next.rules()) {
            if (!current.rule(rule.id()).equals(Optional.of(rule))) {
                rebuild.add(rule.id());
            }
        }
        Set<String> kept = new HashSet<>();
        next.rules().forEach(r -> kept.add(r.id()));
        for (Series s : series.snapshot()) {
            String ruleId = s.ruleId();
            if (!kept.contains(ruleId)) {
                evaluation.retire(current.rule(ruleId).orElseThrow(), s);
            }
            if (!kept.contains(ruleId) || rebuild.contains(ruleId)) {
                series.remove(s);
            }
        }
        notifiers.replace(next.notifiers());
        evaluation.activate(new RuleIndex(next));
        List<Rule> changed =
                next.rules().stream().filter(r -> rebuild.contains(r.id())).toList();
        if (!changed.isEmpty()) {
            restore(changed);
        }
    }

    /**
     * Rebuilds every series from the database for the stations the engine owns now: after a change of
     * ownership, a station gained carries the state its previous owner stored, and one lost is dropped.
     */
    void rebuildOwned() throws SQLException {
        evaluation.storeWaitingChanges(clock.instant());
        // Stations gained may have been registered by their previous owner since this engine last looked.
        known.load();
        series.snapshot().forEach(series::remove);
        List<Rule> rules = evaluation.rules().ruleSet().rules();
        if (!rules.isEmpty()) {
            restore(rules);
        }
        StationOwnership ownership = evaluation.ownership();
        for (Series s : series.snapshot()) {
            StationInfo station = known.station(s.stationId());
            if (station == null || !ownership.owns(station.code())) {
                series.remove(s);
            }
        }
    }

    private void restore(List<Rule> changed) throws SQLException {
        Instant now = clock.instant();
        Map<String, Rule> byId = new HashMap<>();
        changed.forEach(r -> byId.put(r.id(), r));
        for (AlertStore.SeriesRow row : store.latestPerSeries()) {
            Rule rule = byId.get(row.ruleId());
            if (rule == null || known.station(row.stationId()) == null) {
                continue;
            }
            Series s = series.get(row.ruleId(), row.stationId());
            if ("resolved".equals(row.state())) {
                s.restoreResolved(row.id(), row.flapping());
            } else {
                s.restore(
                        "firing".equals(row.state()) ? Phase.FIRING : Phase.PENDING,
                        row.id(),
                        row.startedAt(),
                        row.exceedanceNo() != null,
                        row.flapping());
            }
        }
        restoreDayCounts(byId.keySet(), now);
        restoreFlips(byId.keySet(), now);
        Duration maxSilence = Duration.ZERO;
        for (Rule rule : changed) {
            if (rule.condition() instanceof Condition.NoData n && n.silence().compareTo(maxSilence) > 0) {
                maxSilence = n.silence();
            }
        }
        series.armNoData(
                changed,
                known.stations(),
                catalog.lastArrivals(now.minus(maxSilence).minus(Duration.ofDays(1))),
                now);
        Duration lookback = Duration.ZERO;
        for (Rule rule : changed) {
            if (rule.lookback().compareTo(lookback) > 0 && !(rule.condition() instanceof Condition.NoData)) {
                lookback = rule.lookback();
            }
        }
        short[] ids = known.metricIds(RuleIndex.metricCodes(changed));
        if (ids.length > 0) {
            Set<String> only = byId.keySet();
            catalog.replay(now.minus(lookback), ids, r -> evaluation.rebuild(r, only));
        }
    }

    /** Gives each series the flips of the last flap window back, so flapping does not start over after a restart. */
    private void restoreFlips(Set<String> ruleIds, Instant now) throws SQLException {
        Map<Series, List<Instant>> flips = new HashMap<>();
        for (AlertStore.Flip flip : store.flipsSince(now.minus(flapWindow))) {
            if (ruleIds.contains(flip.ruleId()) && known.station(flip.stationId()) != null) {
                flips.computeIfAbsent(series.get(flip.ruleId(), flip.stationId()), s -> new ArrayList<>())
                        .add(flip.at());
            }
        }
        flips.forEach(Series::restoreFlips);
    }

    /** Counts the exceedances each series had today, in its station's time zone, so daily allowances carry over. */
    private void restoreDayCounts(Set<String> ruleIds, Instant now) throws SQLException {
        Map<Series, Integer> today = new HashMap<>();
        // In any zone today began at most 25 h ago (the day summer time ends has 25 hours); the date
        // check below drops the older rows this margin lets through.
        for (AlertStore.SeriesRow row : store.exceedancesSince(now.minus(Duration.ofHours(26)))) {
            StationInfo station = known.station(row.stationId());
            if (ruleIds.contains(row.ruleId())
                    && station != null
                    && row.startedAt()
                            .atZone(station.zone())
                            .toLocalDate()
                            .equals(now.atZone(station.zone()).toLocalDate())) {
                today.merge(series.get(row.ruleId(), row.stationId()), 1, Integer::sum);
            }
        }
        today.forEach((s, count) ->
                s.restoreDay(now.atZone(known.station(s.stationId()).zone()).toLocalDate(), count));
    }
}
