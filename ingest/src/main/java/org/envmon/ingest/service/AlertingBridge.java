package org.envmon.ingest.service;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.envmon.alerting.AlertEngine;
import org.envmon.alerting.AlertTimings;
import org.envmon.alerting.AlertingSettings;
import org.envmon.alerting.StationOwnership;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.ingest.pipeline.CommitListener;
import org.envmon.ingest.store.ReadingBatch;

/** Adapts the writer's commit hook to the alert engine and exposes the engine's counters as metrics. */
final class AlertingBridge implements CommitListener, AutoCloseable {
    private final AlertEngine engine;

    private AlertingBridge(AlertEngine engine) {
        this.engine = engine;
    }

    static AlertingBridge start(AlertingSettings settings, DataSource dataSource, Clock clock, MeterRegistry registry) {
        return start(settings, dataSource, clock, registry, StationOwnership.ALL);
    }

    /** @param owned the stations this process evaluates: all for serve, those of its partitions for a writer */
    static AlertingBridge start(
            AlertingSettings settings,
            DataSource dataSource,
            Clock clock,
            MeterRegistry registry,
            StationOwnership owned) {
        AlertEngine engine = AlertEngine.start(settings, dataSource, clock, stageTimers(registry), owned);
        Gauge.builder("envmon_alerting_backlog_readings", engine, AlertEngine::backlog)
                .description("Committed readings waiting for alert evaluation")
                .register(registry);
        FunctionCounter.builder("envmon_alerting_overflowed_readings", engine, AlertEngine::overflowedReadings)
                .description("Readings not queued for evaluation because the queue was full; replayed from the"
                        + " database instead")
                .register(registry);
        FunctionCounter.builder("envmon_alerting_notifications_sent", engine, AlertEngine::notificationsSent)
                .register(registry);
        FunctionCounter.builder("envmon_alerting_notifications_dead", engine, AlertEngine::notificationsDead)
                .description("Notifications given up after the last try")
                .register(registry);
        FunctionCounter.builder("envmon_alerting_notifications_muted", engine, AlertEngine::mutedForMaintenance)
                .description("Alert changes not notified because their station was in maintenance")
                .register(registry);
        FunctionCounter.builder("envmon_alerting_rule_reloads", engine, AlertEngine::reloads)
                .register(registry);
        FunctionCounter.builder("envmon_alerting_rule_reload_failures", engine, AlertEngine::reloadFailures)
                .register(registry);
        FunctionCounter.builder("envmon_alerting_write_failures", engine, AlertEngine::writeFailures)
                .register(registry);
        FunctionCounter.builder("envmon_alerting_write_retries", engine, AlertEngine::writeRetries)
                .description("Alert changes written again after the database refused or missed them")
                .register(registry);
        FunctionCounter.builder("envmon_alerting_writes_given_up", engine, AlertEngine::writesGivenUp)
                .description("Alert changes dropped: refused too often, the backlog full, or waiting at a stop")
                .register(registry);
        Gauge.builder("envmon_alerting_pending_writes", engine, AlertEngine::pendingWrites)
                .description("Alert changes waiting for the database")
                .register(registry);
        return new AlertingBridge(engine);
    }

    private static AlertTimings stageTimers(MeterRegistry registry) {
        Map<AlertTimings.Stage, Timer> timers = new EnumMap<>(AlertTimings.Stage.class);
        for (AlertTimings.Stage stage : AlertTimings.Stage.values()) {
            timers.put(
                    stage,
                    Timer.builder("envmon.alerting.stage")
                            .tag("stage", stage.label())
                            .description("Time a committed reading's alert spends in each stage: queued, evaluated"
                                    + " (per batch), stored (per alert change), delivered (per notification)")
                            .publishPercentileHistogram()
                            .register(registry));
        }
        return (stage, nanos) -> timers.get(stage).record(nanos, TimeUnit.NANOSECONDS);
    }

    AlertEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public void committed(ReadingBatch readings) {
        List<ReadingEvent> events = new ArrayList<>(readings.size());
        for (int i = 0; i < readings.size(); i++) {
            long micros = readings.epochMicrosAt(i);
            Instant time =
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
            events.add(new ReadingEvent(
                    readings.stationIdAt(i),
                    readings.metricIdAt(i),
                    time,
                    readings.valueAt(i),
                    readings.flagAt(i).charAt(0)));
        }
        engine.offer(events);
    }
}
