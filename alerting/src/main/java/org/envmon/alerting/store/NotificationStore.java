package org.envmon.alerting.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.envmon.alerting.notify.Delivery;
import org.envmon.alerting.notify.Notice;
import org.envmon.alerting.notify.Outbox;

/** The notification outbox: rows written with their alert event, then marked sent or dead. */
public final class NotificationStore implements Outbox {
    private static final ObjectMapper JSON = new ObjectMapper().addMixIn(Notice.class, StoredNotice.class);

    /** A stored notice leaves out its ids: they are the row's own columns, and are added when it is read back. */
    @JsonIgnoreProperties({"alertId", "notificationId"})
    private abstract static class StoredNotice {}

    private final DataSource dataSource;

    public NotificationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The notice as stored, without its ids. */
    static String json(Notice notice) {
        try {
            return JSON.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a notice", e);
        }
    }

    @Override
    public void markSent(long id, int attempts) throws SQLException {
        update(
                "UPDATE notification SET status = 'sent', attempts = ?, sent_at = now(), last_error = NULL"
                        + " WHERE id = ?",
                attempts,
                null,
                null,
                id);
    }

    @Override
    public void markRetry(long id, int attempts, String error, Instant next) throws SQLException {
        update(
                "UPDATE notification SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                attempts,
                error,
                next,
                id);
    }

    @Override
    public void markDead(long id, int attempts, String error) throws SQLException {
        update(
                "UPDATE notification SET status = 'dead', attempts = ?, last_error = ? WHERE id = ?",
                attempts,
                error,
                null,
                id);
    }

    private void update(String sql, int attempts, String error, Instant next, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setInt(i++, attempts);
            if (sql.contains("last_error = ?")) {
                s.setString(i++, error);
            }
            if (next != null) {
                s.setTimestamp(i++, Timestamp.from(next));
            }
            s.setLong(i, id);
            s.executeUpdate();
        }
    }

    @Override
    public List<Delivery> unsent() throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id, alert_id, notifier, notice, attempts FROM notification WHERE status = 'pending'"
                                + " ORDER BY id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Notice notice = JSON.readValue(rs.getString(4), Notice.class).withIds(rs.getLong(2), id);
                out.add(new Delivery(id, rs.getString(3), notice, rs.getInt(5)));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("A stored notice cannot be read: " + e.getOriginalMessage(), e);
        }
        return out;
    }
}
