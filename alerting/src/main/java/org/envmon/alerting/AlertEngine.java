package org.envmon.alerting;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.envmon.alerting.api.AlertApi;
import org.envmon.alerting.eval.Evaluator;
import org.envmon.alerting.eval.SeriesTable;
import org.envmon.alerting.input.Maintenance;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.input.ReadingQueue;
import org.envmon.alerting.notify.Dispatcher;
import org.envmon.alerting.notify.NotifierFactory;
import org.envmon.alerting.notify.NotifierRegistry;
import org.envmon.alerting.notify.Templates;
import org.envmon.alerting.rule.RuleException;
import org.envmon.alerting.rule.RuleSet;
import org.envmon.alerting.rule.RulesFile;
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
    // Alert changes waiting for the database, roughly 1 KB each: memory stays bounded in a long outage.
    private static final int WRITE_BACKLOG = 10_000;
    // About two and a half minutes of refusals at the backoff below: a transient error passes, a
    // change the database will never take does not hold up its series for long.
    private static final int WRITE_REFUSALS = 10;
    private static final Duration WRITE_FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration WRITE_MAX_BACKOFF = Duration.ofSeconds(30);

    private final AlertingSettings settings;
    private final Clock clock;
    private final CatalogCache known;
    private final RulesFile rulesFile;
    private final Dispatcher dispatcher;
    private final ChangeRecorder recorder;
    private final RuleEvaluation evaluation;
    private final RuleInstaller installer;
    private final AlertApi api;
    private final ReadingQueue queue;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();
    private final AlertTimings timings;
    private final Catalog catalog;
    private final Maintenance maintenance = new Maintenance();
    private volatile boolean running = true;
    private final Thread thread;
    private final Queue<OwnershipChange> ownershipChanges = new ConcurrentLinkedQueue<>();
    private final List<OwnershipChange> waitingOwnership = new ArrayList<>();

    private record OwnershipChange(StationOwnership ownership, CompletableFuture<Void> applied) {}

    private AlertEngine(AlertingSettings settings, DataSource dataSource, Clock clock, AlertTimings timings) {
        this.settings = settings;
        this.clock = clock;
        this.timings = timings;
        Catalog catalog = new Catalog(dataSource, settings.defaultZone());
        this.known = new CatalogCache(catalog);
        this.rulesFile = new RulesFile(settings.rulesFile(), new RulesFileParser(System::getenv));
        AlertStore store = new AlertStore(dataSource);
        NotifierRegistry notifiers = new NotifierRegistry(
                new NotifierFactory(new Templates(settings.language()), settings.notifyTimeout(), clock));
        this.dispatcher = new Dispatcher(
                new NotificationStore(dataSource),
                notifiers::current,
                settings.notifyAttempts(),
                settings.notifyBackoff(),
                clock,
                nanos -> timings.record(AlertTimings.Stage.DELIVERED, nanos));
        this.recorder = new ChangeRecorder(
                store,
                dispatcher,
                settings.grafanaUrl(),
                settings.consoleUrl(),
                clock,
                timings,
                new WriteBacklog(WRITE_BACKLOG, WRITE_REFUSALS, WRITE_FIRST_BACKOFF, WRITE_MAX_BACKOFF));
        SeriesTable series = new SeriesTable();
        this.catalog = catalog;
        this.evaluation = new RuleEvaluation(
                clock,
                catalog,
                known,
                series,
                new Evaluator(settings.flapChanges(), settings.flapWindow()),
                recorder,
                maintenance);
        this.installer =
                new RuleInstaller(clock, catalog, known, store, series, evaluation, notifiers, settings.flapWindow());
        this.api = new AlertApi(new AlertQueries(dataSource), clock);
        this.queue = new ReadingQueue(settings.queueMaxReadings());
        this.thread = new Thread(this::run, "envmon-alerting");
    }

    /** Loads the rules (an invalid file stops the start), restores state from the database and starts. */
    public static AlertEngine start(AlertingSettings settings, DataSource dataSource, Clock clock) {
        return start(settings, dataSource, clock, AlertTimings.NONE);
    }

    /** As {@link #start(AlertingSettings, DataSource, Clock)}, reporting where the time goes to {@code timings}. */
    public static AlertEngine start(
            AlertingSettings settings, DataSource dataSource, Clock clock, AlertTimings timings) {
        return start(settings, dataSource, clock, timings, StationOwnership.ALL);
    }

    /**
     * As {@link #start(AlertingSettings, DataSource, Clock, AlertTimings)} for the stations {@code owned}
     * accepts: a writer of a scale-out deployment starts owning none, until Kafka assigns it partitions.
     */
    public static AlertEngine start(
            AlertingSettings settings,
            DataSource dataSource,
            Clock clock,
            AlertTimings timings,
            StationOwnership owned) {
        AlertEngine engine = new AlertEngine(settings, dataSource, clock, timings);
        RuleSet loaded = engine.rulesFile.load();
        try {
            engine.known.load();
            engine.maintenance.refresh(engine.catalog.inMaintenance());
            engine.evaluation.own(owned);
            engine.installer.install(loaded);
            int resumed = engine.dispatcher.resumeUnsent(owned::owns);
            if (resumed > 0) {
                log.info("Resuming {} notification(s) left unsent by the previous run", resumed);
            }
        } catch (SQLException e) {
            engine.dispatcher.close();
            throw new IllegalStateException("Cannot restore alert state from the database: " + e.getMessage(), e);
        }
        engine.thread.start();
        log.info(
                "Alerting on: {} rule(s), {} notifier(s) from {}",
                loaded.rules().size(),
                loaded.notifiers().size(),
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

    /**
     * Makes the engine evaluate and notify for the stations {@code owned} accepts from now on. Applied on
     * the evaluation thread, before any reading it has not evaluated yet: changes still waiting are
     * stored, notifications of stations lost are let go, every series is rebuilt from the database,
     * and notifications a previous owner left unsent are picked up. The future completes when done, so
     * a writer giving up partitions can wait before Kafka hands them to another writer.
     */
    public CompletableFuture<Void> ownStations(StationOwnership owned) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        ownershipChanges.add(new OwnershipChange(owned, applied));
        return applied;
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

    /** Alert changes not notified because their station was in maintenance. */
    public long mutedForMaintenance() {
        return maintenance.muted();
    }

    public long reloads() {
        return reloads.get();
    }

    public long reloadFailures() {
        return reloadFailures.get();
    }

    /** Failed attempts to store an alert change, first tries and retries. */
    public long writeFailures() {
        return recorder.writeFailures();
    }

    /** Attempts to store an alert change that had waited for the database. */
    public long writeRetries() {
        return recorder.writeRetries();
    }

    /** Alert changes dropped without being stored (backlog full, refused too often, or left at a stop). */
    public long writesGivenUp() {
        return recorder.writesGivenUp();
    }

    /** Alert changes waiting for the database now. */
    public int pendingWrites() {
        return recorder.pendingWrites();
    }

    private void run() {
        Instant nextTick = clock.instant();
        Instant nextReload = clock.instant().plus(settings.reloadInterval());
        while (running) {
            try {
                ReadingQueue.Batch batch = queue.poll(200, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    evaluate(batch);
                }
                applyOwnershipChanges();
                Optional<Instant> since = queue.takeOverflow();
                if (since.isPresent()) {
                    evaluation.catchUp(since.get());
                }
                Instant now = clock.instant();
                if (!now.isBefore(nextTick)) {
                    evaluation.tick(now);
                    nextTick = now.plus(TICK);
                }
                if (!now.isBefore(nextReload)) {
                    refreshMaintenance();
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

    /** The latest ownership change, applied once; one the database refused is tried again at the next step. */
    private void applyOwnershipChanges() throws InterruptedException {
        OwnershipChange change;
        while ((change = ownershipChanges.poll()) != null) {
            waitingOwnership.add(change);
        }
        if (waitingOwnership.isEmpty()) {
            return;
        }
        StationOwnership owned =
                waitingOwnership.get(waitingOwnership.size() - 1).ownership();
        try {
            // Readings committed before the change are the old owner's to evaluate (the writer commits
            // nothing while it waits for the change), and what they changed is stored before letting go.
            ReadingQueue.Batch committedBefore;
            while ((committedBefore = queue.poll(0, TimeUnit.MILLISECONDS)) != null) {
                evaluate(committedBefore);
            }
            Optional<Instant> since = queue.takeOverflow();
            if (since.isPresent()) {
                evaluation.catchUp(since.get());
            }
            evaluation.storeWaitingChanges(clock.instant());
            evaluation.own(owned);
            int released =
                    dispatcher.release(owned::owns, settings.notifyTimeout().plusSeconds(1));
            installer.rebuildOwned();
            int resumed = dispatcher.resumeUnsent(owned::owns);
            log.info(
                    "Alert ownership changed: state rebuilt, {} notification(s) handed over, {} taken over",
                    released,
                    resumed);
            waitingOwnership.forEach(applied -> applied.applied().complete(null));
            waitingOwnership.clear();
        } catch (SQLException e) {
            log.warn("Cannot rebuild alert state for the stations now owned (will retry): {}", e.getMessage());
        }
    }

    private void evaluate(ReadingQueue.Batch batch) {
        long started = System.nanoTime();
        timings.record(AlertTimings.Stage.QUEUED, started - batch.handedOverNanos());
        evaluation.evaluate(batch.readings(), clock.instant());
        timings.record(AlertTimings.Stage.EVALUATED, System.nanoTime() - started);
    }

    private void refreshMaintenance() {
        try {
            maintenance.refresh(catalog.inMaintenance());
        } catch (SQLException e) {
            log.warn("Cannot read which stations are in maintenance (the last list applies): {}", e.getMessage());
        }
    }

    private void reloadIfChanged() {
        try {
            Optional<RuleSet> loaded = rulesFile.reloadIfChanged();
            if (loaded.isEmpty()) {
                return;
            }
            installer.install(loaded.get());
            reloads.incrementAndGet();
            log.info(
                    "Rules reloaded from {}: {} rule(s), {} notifier(s)",
                    settings.rulesFile(),
                    loaded.get().rules().size(),
                    loaded.get().notifiers().size());
        } catch (RuleException e) {
            reloadFailures.incrementAndGet();
            log.error("Rules file changed but is invalid, keeping the previous rules: {}", e.getMessage());
        } catch (IOException | SQLException e) {
            reloadFailures.incrementAndGet();
            log.error("Cannot reload rules from {}: {}", settings.rulesFile(), e.getMessage());
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
        if (!thread.isAlive()) {
            recorder.abandon();
        }
        dispatcher.close();
    }
}
