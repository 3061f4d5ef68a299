package org.envmon.ingest.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The record of who changed what through the console or the API ({@code console_audit}). */
public final class AuditLog {
    /** The name recorded for a change made with the bearer token rather than a console login. */
    public static final String API_TOKEN = "api-token";

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(String user, String action, String target, String detail) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            record(c, user, action, target, detail);
        }
    }

    /** Records a change on the caller's connection, so it commits (or not) with the change itself. */
    static void record(Connection c, String user, String action, String target, String detail) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO console_audit (user_name, action, target, detail) VALUES (?, ?, ?, ?)")) {
            s.setString(1, user);
            s.setString(2, action);
            s.setString(3, target);
            s.setString(4, detail);
            s.executeUpdate();
        }
    }

    /** The newest changes first. */
    public List<Map<String, Object>> recent(int limit) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT id, at, user_name, action, target, detail FROM console_audit ORDER BY id DESC LIMIT ?",
                limit);
    }
}
