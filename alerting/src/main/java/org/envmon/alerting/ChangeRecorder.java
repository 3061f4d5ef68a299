package org.envmon.alerting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.envmon.alerting.eval.Change;
import org.envmon.alerting.eval.Evaluator;
import org.envmon.alerting.eval.Series;
import org.envmon.alerting.input.MetricInfo;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.notify.Delivery;
import org.envmon.alerting.notify.Dispatcher;
import org.envmon.alerting.notify.Notice;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.standard.Gb3838;
import org.envmon.alerting.store.AlertStore;
import org.envmon.alerting.text.Numbers;

/**
 * Stores the changes of a series with their notifications and hands the notifications to the
 * dispatcher. A change the database does not take waits in the {@link WriteBacklog} and is stored
 * later, in order with the other changes of its series.
 */
final class ChangeRecorder {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final AlertStore store;
    private final Dispatcher dispatcher;
    private final Optional<String> grafanaUrl;
    private final Optional<String> consoleUrl;
    private final Clock clock;
    private final AlertTimings timings;
    private final WriteBacklog backlog;

    ChangeRecorder(
            AlertStore store,
            Dispatcher dispatcher,
            Optional<String> grafanaUrl,
            Optional<String> consoleUrl,
            Clock clock,
            AlertTimings timings,
            WriteBacklog backlog) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.grafanaUrl = grafanaUrl;
        this.consoleUrl = consoleUrl;
        this.clock = clock;
        this.timings = timings;
        this.backlog = backlog;
    }

    long writeFailures() {
        return backlog.failures();
    }

    long writeRetries() {
        return backlog.retries();
    }

    long writesGivenUp() {
        return backlog.givenUp();
    }

    int pendingWrites() {
        return backlog.size();
    }

    void record(
            Rule rule,
            StationInfo station,
            Optional<MetricInfo> metric,
            Series series,
            List<Change> changes,
            List<String> notifiers) {
        for (Change change : changes) {
            String threshold = threshold(rule, station);
            String summary = summary(metric, change, threshold);
            String state = switch (change.kind()) {
                case PENDING, ALLOWED -> "pending";
                case FIRING -> "firing";
                case RESOLVED -> "resolved";
                default -> series.phase().label();
            };
            int exceedance = change.kind() == Change.Kind.FIRING || change.kind() == Change.Kind.ALLOWED
                    ? Evaluator.exceedanceNumber(series)
                    : 0;
            AlertStore.Write write = new AlertStore.Write(
                    0,
                    rule.id(),
                    station.id(),
                    metric.map(MetricInfo::code).orElse(null),
                    rule.severity().label(),
                    change,
                    state,
                    threshold,
                    summary,
                    exceedance,
                    series.flapping(),
                    notifiers,
                    () -> notice(rule, station, metric, change, threshold));
            backlog.submit(new PendingChange(series, write, station.code()), clock.instant(), this::write);
        }
    }

    /** Tries again to store the changes the database did not take, when their backoff has passed or {@code force}. */
    void retry(Instant now, boolean force) {
        backlog.retry(now, force, this::write);
    }

    /** The engine stops: what still waits is lost, and said so. */
    void abandon() {
        backlog.abandon();
    }

    /**
     * Stores a change on the alert its series is on now (the earlier changes of the series are stored
     * by then) and hands its notifications to the dispatcher.
     */
    private void write(PendingChange p) throws SQLException {
        long alertId = p.opens() ? 0 : p.series().currentAlertId();
        if (alertId == 0 && !p.opens()) {
            return;
        }
        long started = System.nanoTime();
        AlertStore.Written written = store.write(p.write().withAlertId(alertId));
        timings.record(AlertTimings.Stage.STORED, System.nanoTime() - started);
        if (p.opens()) {
            p.series().attach(written.alertId());
        } else if (p.write().change().kind() == Change.Kind.RESOLVED) {
            p.series().detach(written.alertId());
        }
        for (Delivery d : written.deliveries()) {
            dispatcher.submit(d);
        }
    }

    private static String threshold(Rule rule, StationInfo station) {
        if (rule.condition() instanceof Condition.OnValue v) {
            return v.describe(station);
        } else if (rule.condition() instanceof Condition.NoData n) {
            return "no data for " + n.silence().toMinutes() + " min";
        }
        return "flag in " + ((Condition.FlagIn) rule.condition()).flags();
    }

    private static String summary(Optional<MetricInfo> metric, Change change, String threshold) {
        String value = Double.isNaN(change.value())
                ? ""
                : " " + Numbers.plain(change.value())
                        + metric.map(m -> m.unit().isEmpty() ? "" : " " + m.unit())
                                .orElse("");
        return metric.map(MetricInfo::name).orElse("station") + value + " (" + threshold + ")";
    }

    /** The notice without its ids, which the store adds. */
    private Notice notice(
            Rule rule, StationInfo station, Optional<MetricInfo> metric, Change change, String threshold) {
        Integer waterClass = null;
        Integer target = null;
        Double exceedance = null;
        if (rule.condition() instanceof Condition.WaterClass wc
                && station.targetClass().isPresent()
                && !Double.isNaN(change.value())) {
            target = station.targetClass().get();
            waterClass = Gb3838.classOf(wc.factor(), wc.body(), change.value());
            exceedance = waterClass > target ? Gb3838.exceedance(wc.factor(), wc.body(), change.value(), target) : null;
        }
        String link = consoleUrl
                .map(base -> base + (base.endsWith("/") ? "" : "/") + "#/alerts/" + Notice.ALERT_ID)
                .or(() -> grafanaUrl.map(base -> base + (base.contains("?") ? "&" : "?") + "var-station="
                        + URLEncoder.encode(station.code(), StandardCharsets.UTF_8)))
                .orElse(null);
        return new Notice(
                0,
                0,
                change.kind().label(),
                rule.id(),
                rule.name(),
                rule.severity().label(),
                station.code(),
                station.name(),
                station.kind(),
                station.river().orElse(null),
                station.township().orElse(null),
                metric.map(MetricInfo::code).orElse(null),
                metric.map(MetricInfo::name).orElse(null),
                metric.map(MetricInfo::nameZh).orElse(null),
                metric.map(MetricInfo::unit).orElse(null),
                Double.isNaN(change.value()) ? null : change.value(),
                threshold,
                waterClass,
                target,
                exceedance,
                LOCAL.format(change.at().atZone(station.zone())),
                station.zone().getId(),
                change.detail(),
                link);
    }
}
