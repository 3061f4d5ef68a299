package org.envmon.ingest.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Puts stations in and out of maintenance, recording who did it in the same transaction. */
public final class MaintenanceStore {
    private final DataSource dataSource;

    public MaintenanceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** False when no active station has the code. */
    public boolean set(String code, boolean on, String by, String note) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("UPDATE station SET"
                    + " maintenance_since = CASE WHEN ? THEN coalesce(maintenance_since, now()) END,"
                    + " maintenance_by = CASE WHEN ? THEN ? END, maintenance_note = CASE WHEN ? THEN ? END"
                    + " WHERE code = ? AND active")) {
                s.setBoolean(1, on);
                s.setBoolean(2, on);
                s.setString(3, by);
                s.setBoolean(4, on);
                s.setString(5, note);
                s.setString(6, code);
                if (s.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
            }
            AuditLog.record(c, by, on ? "maintenance on" : "maintenance off", code, note);
            c.commit();
            return true;
        }
    }
}
