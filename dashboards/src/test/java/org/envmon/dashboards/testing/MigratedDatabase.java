package org.envmon.dashboards.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;

/**
 * A fresh database on the test PostgreSQL (ingest's {@link TestPostgres}), migrated by the
 * service's own {@link Database#open} so the schema is exactly what envmon runs on, with small
 * helpers to write stations and readings and to query.
 */
public final class MigratedDatabase {
    private final String url;

    private MigratedDatabase(String url) {
        this.url = url;
    }

    public static MigratedDatabase create(String purpose) {
        String url = TestPostgres.newDatabase(purpose);
        try (Database migrated =
                Database.open(TestService.config(url, Map.of()), EmbeddedDatabase.WhenInUse.FAIL, Duration.ZERO)) {
            return new MigratedDatabase(url);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
    }

    /** Inserts a station and returns its id; {@code targetClass} and {@code river} may be null. */
    public int station(String code, String kind, String river, Integer targetClass, String waterBody)
            throws SQLException {
        Map<String, Object> row = one(
                "INSERT INTO station (code, name, kind, river, township, target_class, water_body)"
                        + " VALUES (?, ?, ?, ?, 'Test township', ?, ?) RETURNING id",
                code,
                "Station " + code,
                kind,
                river,
                targetClass,
                waterBody);
        return (Integer) row.get("id");
    }

    public void reading(int stationId, String metricCode, String isoTime, double value, String flag)
            throws SQLException {
        update(
                "INSERT INTO reading (time, station_id, metric_id, value, flag)"
                        + " SELECT ?, ?, id, ?, ? FROM metric WHERE code = ?",
                OffsetDateTime.parse(isoTime),
                stationId,
                value,
                flag,
                metricCode);
    }

    public void reading(int stationId, String metricCode, String isoTime, double value) throws SQLException {
        reading(stationId, metricCode, isoTime, value, "N");
    }

    public int update(String sql, Object... params) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = prepare(c, sql, params);
                ResultSet rs = s.executeQuery()) {
            return rows(rs);
        }
    }

    /** The single row of a query; fails when there is not exactly one. */
    public Map<String, Object> one(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = query(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + " from " + sql);
        }
        return rows.get(0);
    }

    /** The first column of the single row of a query. */
    public Object value(String sql, Object... params) throws SQLException {
        return one(sql, params).values().iterator().next();
    }

    /** Rows as column label → value, timestamps as {@link java.time.Instant}. */
    public static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object value = rs.getObject(i);
                row.put(meta.getColumnLabel(i), value instanceof Timestamp t ? t.toInstant() : value);
            }
            rows.add(row);
        }
        return rows;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }
}
