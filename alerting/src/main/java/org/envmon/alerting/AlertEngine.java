package org.envmon.alerting;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.envmon.alerting.api.AlertApi;
import org.envmon.alerting.eval.Change;
import org.envmon.alerting.eval.Evaluator;
import org.envmon.alerting.eval.Phase;
import org.envmon.alerting.eval.Series;
import org.envmon.alerting.input.MetricInfo;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.input.ReadingQueue;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.notify.Dispatcher;
import org.envmon.alerting.notify.NotifierFactory;
import org.envmon.alerting.notify.NotifierRegistry;
import org.envmon.alerting.notify.Templates;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.rule.RuleException;
import org.envmon.alerting.rule.RuleIndex;
import org.envmon.alerting.rule.RuleSet;
import org.envmon.alerting.rule.RulesFileParser;
import org.envmon.alerting.store.AlertQueries;
import org.envmon.alerting.store.AlertStore;
import org.envmon.alerting.store.Catalog;
import org.envmon.alerting.store.CatalogCache;
import org.envmon.alerting.store.NotificationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates committed readings on one thread. {@link #offer} never blocks: when more than
 * {@code queueMaxReadings} wait, the batch is dropped from memory, counted, and its earliest
 * reading time remembered; the evaluation thread then replays the stored readings from that time,
 * so an overflow delays alerts but loses none.
 */
public final class AlertEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private record Key(String ruleId, int stationId) {
    }

    private final AlertingSettings settings;
    private final Clock clock;
    private final Catalog catalog;
    private final CatalogCache known;
    private final AlertStore store;
    private final Evaluator evaluator;
    private final RulesFileParser parser = new RulesFileParser(System::getenv);
    private final NotifierRegistry notifiers;
    private final Dispatcher dispatcher;
    private final ChangeRecorder recorder;
    private final AlertApi api;
    private final ReadingQueue queue;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    private RuleIndex rules = RuleIndex.EMPTY;
    private final Map<Key, Series> series = new HashMap<>();
    private FileTime rulesStamp;

    private AlertEngine(AlertingSettings settings, DataSource dataSource, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.catalog = new Catalog(dataSource, settings.defaultZone());
        this.known = new CatalogCache(catalog);
        this.store = new AlertStore(dataSource);
        this.evaluator = new Evaluator(settings.flapChanges(), settings.flapWindow());
        this.notifiers = new NotifierRegistry(
                new NotifierFactory(new Templates(settings.language()), settings.notifyTimeout(), clock));
        this.dispatcher = new Dispatcher(new NotificationStore(dataSource), notifiers::current,
                settings.notifyAttempts(), settings.notifyBackoff(), clock);
        this.recorder = new ChangeRecorder(store, dispatcher, settings.grafanaUrl());
        this.api = new AlertApi(new AlertQueries(dataSource), clock);
        this.queue = new ReadingQueue(settings.queueMaxReadings());
        this.thread = new Thread(this::run, "envmon-alerting");
    }

    /** Loads the rules (an invalid file stops the start), restores state from the database and starts. */
    public static AlertEngine start(AlertingSettings settings, DataSource dataSource, Clock clock) {
        AlertEngine engine = new AlertEngine(settings, dataSource, clock);
        try {
            engine.rulesStamp = Files.getLastModifiedTime(settings.rulesFile());
        } catch (java.io.IOException e) {
            throw new RuleException("Cannot read rules file " + settings.rulesFile() + ": " + e.getMessage(), e);
        }
        RuleSet loaded = engine.parser.parse(settings.rulesFile());
        try {
            engine.known.load();
            engine.install(loaded);
            int resumed = engine.dispatcher.resumeUnsent();
            if (resumed > 0) {
                log.info("Resuming {} notification(s) left unsent by the previous run", resumed);
            }
        } catch (SQLException e) {
            engine.dispatcher.close();
            throw new IllegalStateException("Cannot restore alert state from the database: " + e.getMessage(), e);
        }
        engine.thread.start();
        log.info("Alerting on: {} rule(s), {} notifier(s) from {}", loaded.rules().size(), loaded.notifiers().size(),
                settings.rulesFile());
        return engine;
    }

    /** Hands over the readings of one committed batch; never blocks. */
    public void offer(List<ReadingEvent> readings) {
        if (readings.isEmpty() || !running) {
            return;
        }
        queue.offer(readings);
    }

    public AlertApi api() {
        return api;
    }

    public int backlog() {
        return queue.backlog();
    }

    public long overflowedReadings() {
        return queue.overflowedReadings();
    }

    public long notificationsSent() {
        return dispatcher.sent();
    }

    public long notificationsDead() {
        return dispatcher.dead();
    }

    public long reloads() {
        return reloads.get();
    }

    public long reloadFailures() {
        return reloadFailures.get();
    }

    public long writeFailures() {
        return recorder.writeFailures();
    }

    private void run() {
        Instant nextTick = clock.instant();
        Instant nextReload = clock.instant().plus(settings.reloadInterval());
        while (running) {
            try {
                List<ReadingEvent> batch = queue.poll(200, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    Instant arrival = clock.instant();
                    for (ReadingEvent r : batch) {
                        evaluate(r, arrival, false);
                    }
                }
                Optional<Instant> since = queue.takeOverflow();
                if (since.isPresent()) {
                    catalog.replay(since.get(), known.metricIds(RuleIndex.metricCodes(rules.ruleSet().rules())), r -> evaluate(r, clock.instant(), false));
                }
                Instant now = clock.instant();
                if (!now.isBefore(nextTick)) {
                    tick(now);
                    nextTick = now.plus(TICK);
                }
                if (!now.isBefore(nextReload)) {
                    reloadIfChanged();
                    nextReload = now.plus(settings.reloadInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                log.error("Alert evaluation step failed: {}", e.getMessage(), e);
            }
        }
    }

    private void evaluate(ReadingEvent r, Instant arrival, boolean silent) {
        StationInfo station = known.station(r.stationId());
        if (station == null) {
            station = known.reloadedStation(r.stationId());
            if (station != null) {
                armNoData(rules.ruleSet().rules(), Map.of(), clock.instant());
            }
        }
        MetricInfo metric = known.metric(r.metricId());
        if (metric == null) {
            metric = known.reloadedMetric(r.metricId());
        }
        if (station == null || metric == null) {
            return;
        }
        for (Rule rule : rules.onMetric(metric.code())) {
            evaluate(rule, station, Optional.of(metric), r, arrival, silent);
        }
        for (Rule rule : rules.onAnyMetric()) {
            evaluate(rule, station, Optional.empty(), r, arrival, silent);
        }
    }

    private void evaluate(Rule rule, StationInfo station, Optional<MetricInfo> metric, ReadingEvent r, Instant arrival,
                          boolean silent) {
        if (!rule.scope().includes(station)) {
            return;
        }
        Series s = series.computeIfAbsent(new Key(rule.id(), station.id()), k -> new Series(k.ruleId(), k.stationId()));
        List<Change> changes = evaluator.onReading(rule, station, s, r, arrival, silent);
        if (!changes.isEmpty()) {
            recorder.record(rule, station, metric, s, changes, rules.ruleSet().notifiersFor(rule, station.kind()));
        }
    }

    private void tick(Instant now) {
        for (Series s : series.values()) {
            Optional<Rule> rule = rules.ruleSet().rule(s.ruleId());
            StationInfo station = known.station(s.stationId());
            if (rule.isEmpty() || station == null) {
                continue;
            }
            List<Change> changes = evaluator.onTick(rule.get(), s, now);
            if (!changes.isEmpty()) {
                Optional<MetricInfo> metric = rule.get().metric().flatMap(known::metricByCode);
                recorder.record(rule.get(), station, metric, s, changes,
                        rules.ruleSet().notifiersFor(rule.get(), station.kind()));
            }
        }
    }

    private void reloadIfChanged() {
        try {
            FileTime stamp = Files.getLastModifiedTime(settings.rulesFile());
            if (stamp.equals(rulesStamp)) {
                return;
            }
            rulesStamp = stamp;
            RuleSet loaded = parser.parse(settings.rulesFile());
            install(loaded);
            reloads.incrementAndGet();
            log.info("Rules reloaded from {}: {} rule(s), {} notifier(s)", settings.rulesFile(),
                    loaded.rules().size(), loaded.notifiers().size());
        } catch (RuleException e) {
            reloadFailures.incrementAndGet();
            log.error("Rules file changed but is invalid, keeping the previous rules: {}", e.getMessage());
        } catch (java.io.IOException | SQLException e) {
            reloadFailures.incrementAndGet();
            log.error("Cannot reload rules from {}: {}", settings.rulesFile(), e.getMessage());
        }
    }

    /**
     * Makes {@code next} the active rule set. New and changed rules get their state rebuilt: open
     * alerts and today's exceedance counts from the database, windows by a silent replay of stored
     * readings. Open alerts of removed rules are resolved without a notification.
     */
    private void install(RuleSet next) throws SQLException {
        Set<String> rebuild = new HashSet<>();
        for (Rule rule : next.rules()) {
            if (!rules.ruleSet().rule(rule.id()).equals(Optional.of(rule))) {
                rebuild.add(rule.id());
            }
        }
        Set<String> kept = new HashSet<>();
        next.rules().forEach(r -> kept.add(r.id()));
        for (Map.Entry<Key, Series> e : new ArrayList<>(series.entrySet())) {
            String ruleId = e.getKey().ruleId();
            if (!kept.contains(ruleId)) {
                retire(rules.ruleSet().rule(ruleId).orElseThrow(), e.getValue());
            }
            if (!kept.contains(ruleId) || rebuild.contains(ruleId)) {
                series.remove(e.getKey());
            }
        }
        notifiers.replace(next.notifiers());
        rules = new RuleIndex(next);
        List<Rule> changed = next.rules().stream().filter(r -> rebuild.contains(r.id())).toList();
        if (!changed.isEmpty()) {
            restore(changed);
        }
    }

    private void retire(Rule removed, Series s) {
        if (s.phase() == Phase.NORMAL || known.station(s.stationId()) == null) {
            return;
        }
        Change resolved = new Change(Change.Kind.RESOLVED, clock.instant(), Double.NaN,
                "rule removed from the rules file", false);
        recorder.record(removed, known.station(s.stationId()), removed.metric().flatMap(known::metricByCode), s,
                List.of(resolved), List.of());
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
            Series s = series.computeIfAbsent(new Key(row.ruleId(), row.stationId()),
                    k -> new Series(k.ruleId(), k.stationId()));
            if ("resolved".equals(row.state())) {
                s.restoreResolved(row.id());
            } else {
                s.restore("firing".equals(row.state()) ? Phase.FIRING : Phase.PENDING, row.id(), row.startedAt(),
                        row.exceedanceNo() != null, row.flapping());
            }
        }
        Map<Key, Integer> today = new HashMap<>();
        for (AlertStore.SeriesRow row : store.exceedancesSince(now.minus(Duration.ofHours(26)))) {
            StationInfo station = known.station(row.stationId());
            if (byId.containsKey(row.ruleId()) && station != null && row.startedAt().atZone(station.zone())
                    .toLocalDate().equals(now.atZone(station.zone()).toLocalDate())) {
                today.merge(new Key(row.ruleId(), row.stationId()), 1, Integer::sum);
            }
        }
        today.forEach((key, count) -> series.computeIfAbsent(key, k -> new Series(k.ruleId(), k.stationId()))
                .restoreDay(now.atZone(known.station(key.stationId()).zone()).toLocalDate(), count));
        Duration maxSilence = Duration.ZERO;
        for (Rule rule : changed) {
            if (rule.condition() instanceof Condition.NoData n && n.silence().compareTo(maxSilence) > 0) {
                maxSilence = n.silence();
            }
        }
        armNoData(changed, catalog.lastArrivals(now.minus(maxSilence).minus(Duration.ofDays(1))), now);
        Duration lookback = Duration.ZERO;
        for (Rule rule : changed) {
            if (rule.lookback().compareTo(lookback) > 0 && !(rule.condition() instanceof Condition.NoData)) {
                lookback = rule.lookback();
            }
        }
        short[] ids = known.metricIds(RuleIndex.metricCodes(changed));
        if (ids.length > 0) {
            Set<String> only = byId.keySet();
            catalog.replay(now.minus(lookback), ids, r -> replay(r, only));
        }
    }

    private void replay(ReadingEvent r, Set<String> only) {
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

    /** Every in-scope station of a no-data rule gets a series, silent since its last arrival (or now). */
    private void armNoData(List<Rule> candidates, Map<Integer, Instant> arrivals, Instant now) {
        for (Rule rule : candidates) {
            if (!(rule.condition() instanceof Condition.NoData)) {
                continue;
            }
            for (StationInfo station : known.stations()) {
                if (rule.scope().includes(station)) {
                    series.computeIfAbsent(new Key(rule.id(), station.id()), k -> {
                        Series s = new Series(k.ruleId(), k.stationId());
                        s.arrival(arrivals.getOrDefault(station.id(), now));
                        return s;
                    });
                }
            }
        }
    }

    /** Stops evaluating; notifications in flight are abandoned and resumed from the outbox at the next start. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.close();
    }

}
