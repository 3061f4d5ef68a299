package org.envmon.alerting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores the changes of a series with their notifications and hands the notifications to the dispatcher. */
final class ChangeRecorder {
    private static final Logger log = LoggerFactory.getLogger(ChangeRecorder.class);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final AlertStore store;
    private final Dispatcher dispatcher;
    private final Optional<String> grafanaUrl;
    private final AtomicLong writeFailures = new AtomicLong();

    ChangeRecorder(AlertStore store, Dispatcher dispatcher, Optional<String> grafanaUrl) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.grafanaUrl = grafanaUrl;
    }

    long writeFailures() {
        return writeFailures.get();
    }

    void record(
            Rule rule,
            StationInfo station,
            Optional<MetricInfo> metric,
            Series series,
            List<Change> changes,
            List<String> notifiers) {
        for (Change change : changes) {
            long alertId = change.kind() == Change.Kind.PENDING ? 0 : series.currentAlertId();
            if (alertId == 0 && change.kind() != Change.Kind.PENDING) {
                continue;
            }
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
                    alertId,
                    rule.id(),
                    station.id(),
                    metric.map(MetricInfo::code).orElse(null),
                    rule.severity().label(),
                    change,
                    state,
                    threshold,
                    summary,
                    exceedance,
                    notifiers,
                    id -> notice(id, rule, station, metric, change, threshold));
            try {
                AlertStore.Written written = store.write(write);
                if (change.kind() == Change.Kind.PENDING) {
                    series.attach(written.alertId());
                }
                for (Delivery d : written.deliveries()) {
                    dispatcher.submit(d);
                }
            } catch (SQLException e) {
                writeFailures.incrementAndGet();
                log.error(
                        "Cannot store {} of rule '{}' at station {}: {}",
                        change.kind().label(),
                        rule.id(),
                        station.code(),
                        e.getMessage());
            }
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

    private Notice notice(
            long alertId,
            Rule rule,
            StationInfo station,
            Optional<MetricInfo> metric,
            Change change,
            String threshold) {
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
        String link = grafanaUrl
                .map(base -> base + (base.contains("?") ? "&" : "?") + "var-station="
                        + URLEncoder.encode(station.code(), StandardCharsets.UTF_8))
                .orElse(null);
        return new Notice(
                alertId,
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
