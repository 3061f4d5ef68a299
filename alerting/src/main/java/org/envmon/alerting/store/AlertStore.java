package org.envmon.alerting.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.envmon.alerting.eval.Change;
import org.envmon.alerting.notify.Delivery;
import org.envmon.alerting.notify.Notice;

/** Alerts and their events. Each change is stored with its notifications in one transaction (outbox). */
public final class AlertStore {
    private static final String INSERT_ALERT = "INSERT INTO alert (rule_id, station_id, metric_code, severity,"
            + " state, value, threshold, summary, started_at, last_change_at, flapping)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public AlertStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * What to store for one change; {@code alertId} is 0 when the change opens a new alert, which starts
     * with the series' {@code flapping} state so that the latest alert of a series always carries it.
     * {@code notice} builds the notice without ids (made only when the change is announced); the
     * store adds the alert's and each notification's.
     */
    public record Write(
            long alertId,
            String ruleId,
            int stationId,
            String metricCode,
            String severity,
            Change change,
            String stateAfter,
            String threshold,
            String summary,
            int exceedanceNo,
            boolean flapping,
            List<String> notifiers,
            Supplier<Notice> notice) {

        /** The same change for the alert known only once earlier changes of its series are stored. */
        public Write withAlertId(long id) {
            return new Write(
                    id,
                    ruleId,
                    stationId,
                    metricCode,
                    severity,
                    change,
                    stateAfter,
                    threshold,
                    summary,
                    exceedanceNo,
                    flapping,
                    notifiers,
                    notice);
        }
    }

    /** The stored outcome: the alert id and the notifications to deliver. */
    public record Written(long alertId, List<Delivery> deliveries) {}

    /**
     * Stores the change, its event and its notifications in one statement (data-modifying CTEs)
     * committed on its own: one round trip and one commit per change. A change of an alert that is
     * not in the table stores nothing and throws.
     */
    public Written write(Write w) throws SQLException {
        boolean opens = w.alertId() == 0;
        List<String> notifiers = w.change().announce() ? w.notifiers() : List.of();
        Notice notice = notifiers.isEmpty() ? null : w.notice().get();
        String sql =
                "WITH a AS (" + (opens ? INSERT_ALERT : updateAlert(w.change().kind())) + " RETURNING id),"
                        + " e AS (INSERT INTO alert_event (alert_id, kind, at, value, detail)"
                        + " SELECT id, ?::text, ?::timestamptz, ?::float8, ?::text FROM a RETURNING id, alert_id),"
                        + " n AS (INSERT INTO notification (alert_id, event_id, notifier, notice)"
                        + " SELECT e.alert_id, e.id, x.notifier, ?::text FROM e, unnest(?::text[]) AS x (notifier)"
                        + " RETURNING id, notifier)"
                        + " SELECT e.alert_id, n.id, n.notifier FROM e LEFT JOIN n ON true ORDER BY n.id";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int next = opens ? bindInsert(s, w) : bindUpdate(s, w);
                s.setString(next++, w.change().kind().label());
                s.setTimestamp(next++, Timestamp.from(w.change().at()));
                setValue(s, next++, w.change().value());
                s.setString(next++, w.change().detail());
                s.setString(next++, notice == null ? null : NotificationStore.json(notice));
                s.setArray(next, c.createArrayOf("text", notifiers.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException(
                                "alert " + w.alertId() + " of rule '" + w.ruleId() + "' is not in the table");
                    }
                    long alertId = rs.getLong(1);
                    List<Delivery> deliveries = new ArrayList<>(notifiers.size());
                    do {
                        long notificationId = rs.getLong(2);
                        if (!rs.wasNull()) {
                            deliveries.add(new Delivery(
                                    notificationId, rs.getString(3), notice.withIds(alertId, notificationId), 0));
                        }
                    } while (rs.next());
                    return new Written(alertId, deliveries);
                }
            }
        }
    }

    private static int bindInsert(PreparedStatement s, Write w) throws SQLException {
        s.setString(1, w.ruleId());
        s.setInt(2, w.stationId());
        s.setString(3, w.metricCode());
        s.setString(4, w.severity());
        s.setString(5, w.stateAfter());
        setValue(s, 6, w.change().value());
        s.setString(7, w.threshold());
        s.setString(8, w.summary());
        s.setTimestamp(9, Timestamp.from(w.change().at()));
        s.setTimestamp(10, Timestamp.from(w.change().at()));
        s.setBoolean(11, w.flapping());
        return 12;
    }

    private static String updateAlert(Change.Kind kind) {
        return switch (kind) {
            case FIRING ->
                "UPDATE alert SET state = ?, value = coalesce(?, value), summary = ?, fired_at = ?,"
                        + " last_change_at = ?, exceedance_no = ? WHERE id = ?";
            case RESOLVED ->
                "UPDATE alert SET state = ?, value = coalesce(?, value), summary = ?, resolved_at = ?,"
                        + " last_change_at = ?, exceedance_no = coalesce(?, exceedance_no) WHERE id = ?";
            case ALLOWED, PENDING ->
                "UPDATE alert SET state = ?, value = coalesce(?, value), summary = ?,"
                        + " started_at = least(started_at, ?), last_change_at = ?, exceedance_no = ? WHERE id = ?";
            case FLAPPING -> "UPDATE alert SET flapping = true WHERE id = ?";
            case FLAPPING_ENDED -> "UPDATE alert SET flapping = false WHERE id = ?";
        };
    }

    private static int bindUpdate(PreparedStatement s, Write w) throws SQLException {
        Change.Kind kind = w.change().kind();
        if (kind == Change.Kind.FLAPPING || kind == Change.Kind.FLAPPING_ENDED) {
            s.setLong(1, w.alertId());
            return 2;
        }
        Timestamp at = Timestamp.from(w.change().at());
        s.setString(1, w.stateAfter());
        setValue(s, 2, w.change().value());
        s.setString(3, w.summary());
        s.setTimestamp(4, at);
        s.setTimestamp(5, at);
        if (w.exceedanceNo() > 0) {
            s.setInt(6, w.exceedanceNo());
        } else {
            s.setNull(6, Types.INTEGER);
        }
        s.setLong(7, w.alertId());
        return 8;
    }

    private static void setValue(PreparedStatement s, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    static long insertEvent(Connection c, long alertId, String kind, Instant at, double value, String detail)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_event (alert_id, kind, at, value, detail)"
                + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            s.setLong(1, alertId);
            s.setString(2, kind);
            s.setTimestamp(3, Timestamp.from(at));
            setValue(s, 4, value);
            s.setString(5, detail);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** An alert row the engine needs after a restart: open alerts and the latest alert per series. */
    public record SeriesRow(
            long id,
            String ruleId,
            int stationId,
            String state,
            Instant startedAt,
            Instant lastChangeAt,
            Integer exceedanceNo,
            boolean flapping) {}

    /** Open alerts, and for every series the latest alert (to restore open episodes). */
    public List<SeriesRow> latestPerSeries() throws SQLException {
        return query("SELECT DISTINCT ON (rule_id, station_id) id, rule_id, station_id, state, started_at,"
                + " last_change_at, exceedance_no, flapping FROM alert ORDER BY rule_id, station_id, id DESC");
    }

    /** Alerts that became exceedances since {@code since}, to restore the per-day allowance counters. */
    public List<SeriesRow> exceedancesSince(Instant since) throws SQLException {
        return query(
                "SELECT id, rule_id, station_id, state, started_at, last_change_at, exceedance_no, flapping"
                        + " FROM alert WHERE exceedance_no IS NOT NULL AND started_at >= ?",
                since);
    }

    /** A firing, or a resolution after firing, of a series: the state changes flapping counts. */
    public record Flip(String ruleId, int stationId, Instant at) {}

    /** The flips since {@code since} in time order, to rebuild flapping history after a restart. */
    public List<Flip> flipsSince(Instant since) throws SQLException {
        List<Flip> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT a.rule_id, a.station_id, e.at FROM alert_event e"
                        + " JOIN alert a ON a.id = e.alert_id WHERE e.at >= ?"
                        + " AND (e.kind = 'firing' OR (e.kind = 'resolved' AND a.fired_at IS NOT NULL))"
                        + " ORDER BY e.at, e.id")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Flip(
                            rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return out;
    }

    private List<SeriesRow> query(String sql, Instant... params) throws SQLException {
        List<SeriesRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setTimestamp(i + 1, Timestamp.from(params[i]));
            }
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                int no = rs.getInt(7);
                out.add(new SeriesRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(),
                        rs.wasNull() ? null : no,
                        rs.getBoolean(8)));
            }
            rs.close();
        }
        return out;
    }
}
