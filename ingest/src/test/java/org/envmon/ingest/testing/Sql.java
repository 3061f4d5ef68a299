package org.envmon.ingest.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading one number back from the database, as tests check what was stored. */
public final class Sql {
    private Sql() {}

    /** The first column of the first row of {@code sql} (a count, an id), with {@code params} bound in order. */
    public static long count(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
