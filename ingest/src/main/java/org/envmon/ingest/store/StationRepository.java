package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Station table access for the CLI, the start-up cache and the writer's lookups. */
public final class StationRepository {
    private final DataSource dataSource;

    public StationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The id of a known station, by code, and whether it is active. */
    public record Lookup(int id, boolean active) {
    }

    public Map<String, Integer> activeIdsByCode() throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT code, id FROM station WHERE active");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getInt(2));
            }
        }
        return ids;
    }

    /** Looks a station up inside the writer's transaction. */
    public static Optional<Lookup> find(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, active FROM station WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Lookup(rs.getInt(1), rs.getBoolean(2))) : Optional.empty();
            }
        }
    }

    /** Registers a station first seen in traffic (policy {@code register}); returns its id. */
    public static int register(Connection c, String code, String timezone) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO station (code, name, kind, timezone, registered_by)
                VALUES (?, ?, 'unknown', ?, 'auto')
                ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code
                RETURNING id""")) {
            s.setString(1, code);
            s.setString(2, code);
            s.setString(3, timezone);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Inserts or updates each station by code, in one transaction; returns how many were new. */
    public int upsert(List<StationRecord> stations) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int created = 0;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO station (code, name, kind, river, township, lat, lon, target_class, timezone, active)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
                        river = EXCLUDED.river, township = EXCLUDED.township, lat = EXCLUDED.lat,
                        lon = EXCLUDED.lon, target_class = EXCLUDED.target_class, timezone = EXCLUDED.timezone,
                        active = EXCLUDED.active, registered_by = 'operator'
                    RETURNING (xmax = 0) AS inserted""")) {
                for (StationRecord st : stations) {
                    s.setString(1, st.code());
                    s.setString(2, st.name());
                    s.setString(3, st.kind());
                    s.setString(4, st.river());
                    s.setString(5, st.township());
                    setNullable(s, 6, st.lat(), Types.DOUBLE);
                    setNullable(s, 7, st.lon(), Types.DOUBLE);
                    setNullable(s, 8, st.targetClass(), Types.SMALLINT);
                    s.setString(9, st.timezone());
                    s.setBoolean(10, st.active());
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        created += rs.getBoolean(1) ? 1 : 0;
                    }
                }
                c.commit();
                return created;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public List<StationRecord> list() throws SQLException {
        List<StationRecord> stations = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT code, name, kind, river, township, lat, lon, target_class, timezone, active
                     FROM station ORDER BY code""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                stations.add(new StationRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), (Double) rs.getObject(6), (Double) rs.getObject(7),
                        rs.getObject(8) == null ? null : rs.getInt(8), rs.getString(9), rs.getBoolean(10)));
            }
        }
        return stations;
    }

    private static void setNullable(PreparedStatement s, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            s.setNull(index, sqlType);
        } else {
            s.setObject(index, value, sqlType);
        }
    }
}
