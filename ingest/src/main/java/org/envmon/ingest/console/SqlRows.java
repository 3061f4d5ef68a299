package org.envmon.ingest.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs a read-only query and returns its rows as ordered maps keyed by column label in camel case
 * (water_class → waterClass), timestamps as instants: the shape the console's JSON and CSV take.
 */
final class SqlRows {
    /**
     * Below the HTTP server's 30 s response limit: a query the browser can no longer receive is
     * cancelled instead of holding one of the endpoint's few threads and a connection.
     */
    private static final int QUERY_TIMEOUT_SECONDS = 25;

    private SqlRows() {}

    static List<Map<String, Object>> query(DataSource dataSource, String sql, Object... parameters)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                s.setObject(i + 1, p instanceof Instant instant ? Timestamp.from(instant) : p);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        Object value = rs.getObject(column);
                        row.put(camelCase(meta.getColumnLabel(column)), plain(value));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static Object plain(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return value;
    }

    static String camelCase(String label) {
        StringBuilder out = new StringBuilder(label.length());
        boolean upper = false;
        for (int i = 0; i < label.length(); i++) {
            char ch = label.charAt(i);
            if (ch == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }
}
