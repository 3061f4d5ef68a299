package org.envmon.alerting;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envmon.alerting.eval.Change;
import org.envmon.alerting.eval.Evaluator;
import org.envmon.alerting.eval.Phase;
import org.envmon.alerting.eval.Series;
import org.envmon.alerting.eval.SeriesTable;
import org.envmon.alerting.input.Maintenance;
import org.envmon.alerting.input.MetricInfo;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.rule.RuleIndex;
import org.envmon.alerting.store.Catalog;
import org.envmon.alerting.store.CatalogCache;

/**
 * Runs readings and clock ticks through the active rules and records the changes they cause.
 * Confined to the evaluation thread.
 */
final class RuleEvaluation {
    private final Clock clock;
    private final Catalog catalog;
    private final CatalogCache known;
    private final SeriesTable series;
    private final Evaluator evaluator;
    private final ChangeRecorder recorder;
    private final Maintenance maintenance;
    private RuleIndex rules = RuleIndex.EMPTY;
    private StationOwnership ownership = StationOwnership.ALL;

    RuleEvaluation(
            Clock clock,
            Catalog catalog,
            CatalogCache known,
            SeriesTable series,
            Evaluator evaluator,
            ChangeRecorder recorder,
            Maintenance maintenance) {
        this.clock = clock;
        this.catalog = catalog;
        this.known = known;
        this.series = series;
        this.evaluator = evaluator;
        this.recorder = recorder;
        this.maintenance = maintenance;
    }

    RuleIndex rules() {
        return rules;
    }

    void activate(RuleIndex next) {
        rules = next;
    }

    StationOwnership ownership() {
        return ownership;
    }

    void own(StationOwnership next) {
        ownership = next;
    }

    /**
     * Evaluates the readings of one committed batch, which arrived at {@code arrival}. A station with
     * several readings in the batch is heard from once: the no-data rules see its last reading only.
     */
    void evaluate(List<ReadingEvent> batch, Instant arrival) {
        Map<Integer, ReadingEvent> lastPerStation = rules.noData().isEmpty() ? Map.of() : new HashMap<>();
        for (ReadingEvent r : batch) {
            StationInfo station = onReading(r, arrival);
            if (station != null && !rules.noData().isEmpty()) {
                lastPerStation.put(station.id(), r);
            }
        }
        for (ReadingEvent r : lastPerStation.values()) {
            heardFrom(known.station(r.stationId()), r, arrival);
        }
    }

    /** Evaluates one reading that arrived at {@code arrival}. */
    void evaluate(ReadingEvent r, Instant arrival) {
        StationInfo station = onReading(r, arrival);
        if (station != null) {
            heardFrom(station, r, arrival);
        }
    }

    /**
     * Runs a reading through the rules that look at readings and returns its station, or null when the
     * station or metric is unknown even after reloading the catalogue.
     */
    private StationInfo onReading(ReadingEvent r, Instant arrival) {
        StationInfo station = known.station(r.stationId());
        if (station == null) {
            station = known.reloadedStation(r.stationId());
            if (station != null) {
                // A station registered while running must be watched by the no-data rules like the others.
                series.armNoData(rules.noData(), List.of(station), Map.of(), clock.instant());
            }
        }
        MetricInfo metric = known.metric(r.metricId());
        if (metric == null) {
            metric = known.reloadedMetric(r.metricId());
        }
        if (station == null || metric == null || !ownership.owns(station.code())) {
            return null;
        }
        for (Rule rule : rules.onMetric(metric.code())) {
            evaluate(rule, station, Optional.of(metric), r, arrival, false);
        }
        for (Rule rule : rules.onAnyReading()) {
            evaluate(rule, station, Optional.empty(), r, arrival, false);
        }
        return station;
    }

    private void heardFrom(StationInfo station, ReadingEvent r, Instant arrival) {
        for (Rule rule : rules.noData()) {
            evaluate(rule, station, Optional.empty(), r, arrival, false);
        }
    }

    /** Evaluates the stored readings from {@code since} on, as if they had just arrived. */
    void catchUp(Instant since) throws SQLException {
        short[] ids = known.metricIds(RuleIndex.metricCodes(rules.ruleSet().rules()));
        catalog.replay(since, ids, r -> evaluate(r, clock.instant()));
    }

    /** Rebuilds the windows of the {@code only} rules from a stored reading, without notifying. */
    void rebuild(ReadingEvent r, Set<String> only) {
        StationInfo station = known.station(r.stationId());
        MetricInfo metric = known.metric(r.metricId());
        if (station == null || metric == null) {
            return;
        }
        for (Rule rule : rules.onMetric(metric.code())) {
            if (only.contains(rule.id())) {
                evaluate(rule, station, Optional.of(metric), r, r.time(), true);
            }
        }
    }

    private void evaluate(
            Rule rule,
            StationInfo station,
            Optional<MetricInfo> metric,
            ReadingEvent r,
            Instant arrival,
            boolean silent) {
        if (!rule.scope().includes(station)) {
            return;
        }
        Series s = series.get(rule.id(), station.id());
        List<Change> changes = evaluator.onReading(rule, station, s, r, arrival, silent);
        if (!changes.isEmpty()) {
            recorder.record(rule, station, metric, s, changes, notifiers(rule, station));
        }
    }

    private List<String> notifiers(Rule rule, StationInfo station) {
        return maintenance.notifiers(station.id(), rules.ruleSet().notifiersFor(rule, station.kind()));
    }

    void tick(Instant now) {
        recorder.retry(now, false);
        for (Series s : series.all()) {
            Optional<Rule> rule = rules.ruleSet().rule(s.ruleId());
            StationInfo station = known.station(s.stationId());
            if (rule.isEmpty() || station == null || !ownership.owns(station.code())) {
                continue;
            }
            List<Change> changes = evaluator.onTick(rule.get(), s, now);
            if (!changes.isEmpty()) {
                Optional<MetricInfo> metric = rule.get().metric().flatMap(known::metricByCode);
                recorder.record(rule.get(), station, metric, s, changes, notifiers(rule.get(), station));
            }
        }
    }

    /** Tries at once to store the changes that wait for the database, whatever their backoff. */
    void storeWaitingChanges(Instant now) {
        recorder.retry(now, true);
    }

    /** Resolves the open alert of a series whose rule left the rules file; nobody is notified. */
    void retire(Rule removed, Series s) {
        StationInfo station = known.station(s.stationId());
        if (s.phase() == Phase.NORMAL || station == null) {
            return;
        }
        Change resolved = new Change(
                Change.Kind.RESOLVED, clock.instant(), Double.NaN, "rule removed from the rules file", false);
        recorder.record(
                removed, station, removed.metric().flatMap(known::metricByCode), s, List.of(resolved), List.of());
    }
}
