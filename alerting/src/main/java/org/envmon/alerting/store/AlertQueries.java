package org.envmon.alerting.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads and acknowledgements for the HTTP API; they run on HTTP threads, apart from evaluation. */
public final class AlertQueries {
    private static final String SELECT = "SELECT a.id, a.rule_id, s.code, s.name, a.metric_code, a.severity, a.state,"
            + " a.value, a.threshold, a.summary, a.started_at, a.fired_at, a.resolved_at, a.exceedance_no, a.flapping,"
            + " a.acked_by, a.acked_at, a.ack_comment FROM alert a JOIN station s ON s.id = a.station_id WHERE ";

    private final DataSource dataSource;

    public AlertQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Alerts in the given states, newest first. */
    public List<AlertRecord> list(List<String> states, int limit) throws SQLException {
        return list(new Filter(states, null, null), limit);
    }

    /** Which alerts to list: states, and where not null one station's code and one severity. */
    public record Filter(List<String> states, String stationCode, String severity) {}

    /** Alerts the filter lets through, newest first. */
    public List<AlertRecord> list(Filter filter, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SELECT
                        + "a.state = ANY (?) AND (?::text IS NULL OR s.code = ?) AND (?::text IS NULL OR a.severity = ?)"
                        + " ORDER BY a.started_at DESC, a.id DESC LIMIT ?")) {
            s.setArray(1, c.createArrayOf("text", filter.states().toArray()));
            s.setString(2, filter.stationCode());
            s.setString(3, filter.stationCode());
            s.setString(4, filter.severity());
            s.setString(5, filter.severity());
            s.setInt(6, limit);
            return read(s);
        }
    }

    /** One event in an alert's history. */
    public record EventRecord(long id, String kind, Instant at, Double value, String detail, Instant recordedAt) {}

    /** An alert's events, oldest first. */
    public List<EventRecord> events(long alertId) throws SQLException {
        List<EventRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, kind, at, value, detail, recorded_at"
                        + " FROM alert_event WHERE alert_id = ? ORDER BY id")) {
            s.setLong(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double value = rs.getDouble(4);
                    Double boxed = rs.wasNull() ? null : value;
                    out.add(new EventRecord(
                            rs.getLong(1), rs.getString(2), instant(rs, 3), boxed, rs.getString(5), instant(rs, 6)));
                }
            }
        }
        return out;
    }

    /** Adds a comment to an alert's history; false when there is no such alert. */
    public boolean comment(long id, String by, String comment, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM alert WHERE id = ? FOR SHARE")) {
                exists.setLong(1, id);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return false;
                    }
                }
            }
            AlertStore.insertEvent(c, id, "commented", at, Double.NaN, by + ": " + comment);
            c.commit();
            return true;
        }
    }

    public Optional<AlertRecord> find(long id) throws SQLException {
        return select(dataSource, "a.id = ?", id, 1).stream().findFirst();
    }

    static List<AlertRecord> select(DataSource dataSource, String where, long id, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SELECT + where + " LIMIT " + limit)) {
            s.setLong(1, id);
            return read(s);
        }
    }

    /** Outcome of an acknowledgement. */
    public enum AckResult {
        ACKNOWLEDGED,
        NOT_FOUND,
        ALREADY_ACKNOWLEDGED,
        RESOLVED
    }

    /** Records who acknowledged an open alert, when and why; stored as an event too. */
    public AckResult acknowledge(long id, String by, String comment, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock =
                    c.prepareStatement("SELECT state, acked_by FROM alert WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, id);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return AckResult.NOT_FOUND;
                    }
                    if ("resolved".equals(rs.getString(1))) {
                        c.rollback();
                        return AckResult.RESOLVED;
                    }
                    if (rs.getString(2) != null) {
                        c.rollback();
                        return AckResult.ALREADY_ACKNOWLEDGED;
                    }
                }
            }
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE alert SET acked_by = ?, acked_at = ?, ack_comment = ? WHERE id = ?")) {
                s.setString(1, by);
                s.setTimestamp(2, Timestamp.from(at));
                s.setString(3, comment);
                s.setLong(4, id);
                s.executeUpdate();
            }
            AlertStore.insertEvent(
                    c,
                    id,
                    "acknowledged",
                    at,
                    Double.NaN,
                    by + (comment == null || comment.isEmpty() ? "" : ": " + comment));
            c.commit();
            return AckResult.ACKNOWLEDGED;
        }
    }

    private static List<AlertRecord> read(PreparedStatement s) throws SQLException {
        List<AlertRecord> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                double value = rs.getDouble(8);
                Double boxed = rs.wasNull() ? null : value;
                int no = rs.getInt(14);
                Integer exceedance = rs.wasNull() ? null : no;
                out.add(new AlertRecord(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        boxed,
                        rs.getString(9),
                        rs.getString(10),
                        instant(rs, 11),
                        instant(rs, 12),
                        instant(rs, 13),
                        exceedance,
                        rs.getBoolean(15),
                        rs.getString(16),
                        instant(rs, 17),
                        rs.getString(18)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
