package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.StationProfile;

/** Station table access for the CLI, the start-up cache and the writer's lookups. */
public final class StationRepository {
    private final DataSource dataSource;

    public StationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A known station, by code, and whether it is active. */
    public record Lookup(StationProfile profile, boolean active) {}

    private static final String PROFILE_COLUMNS = "id, timezone, hj212_password, crc_mode, active, mqtt_password_hash";

    public Map<String, StationProfile> activeProfiles() throws SQLException {
        Map<String, StationProfile> profiles = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT code, " + PROFILE_COLUMNS + " FROM station WHERE active");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                profiles.put(rs.getString(1), profile(rs, 2));
            }
        }
        return profiles;
    }

    /** Looks a station up on the caller's connection. */
    public static Optional<Lookup> find(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + PROFILE_COLUMNS + " FROM station WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Lookup(profile(rs, 1), rs.getBoolean(5))) : Optional.empty();
            }
        }
    }

    private static StationProfile profile(ResultSet rs, int first) throws SQLException {
        ZoneId zone;
        try {
            zone = ZoneId.of(rs.getString(first + 1));
        } catch (DateTimeException e) {
            zone = ZoneId.of("Asia/Shanghai");
        }
        return new StationProfile(
                rs.getInt(first),
                zone,
                Optional.ofNullable(rs.getString(first + 2)),
                CrcMode.fromLabel(rs.getString(first + 3)),
                Optional.ofNullable(rs.getString(first + 5)));
    }

    /** Registers a station first seen in traffic (policy {@code register}); returns its profile. */
    public static StationProfile register(Connection c, String code, ZoneId timezone) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO station (code, name, kind, timezone, registered_by)
                VALUES (?, ?, 'unknown', ?, 'auto')
                ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code
                RETURNING id""")) {
            s.setString(1, code);
            s.setString(2, code);
            s.setString(3, timezone.getId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new StationProfile(rs.getInt(1), timezone, Optional.empty(), CrcMode.STANDARD);
            }
        }
    }

    /** Inserts or updates each station by code, in one transaction; returns how many were new. */
    public int upsert(List<StationRecord> stations) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int created = 0;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO station (code, name, kind, river, township, lat, lon, target_class, timezone, active,
                                         hj212_password, crc_mode)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, 'standard'))
                    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
                        river = EXCLUDED.river, township = EXCLUDED.township, lat = EXCLUDED.lat,
                        lon = EXCLUDED.lon, target_class = EXCLUDED.target_class, timezone = EXCLUDED.timezone,
                        active = EXCLUDED.active, registered_by = 'operator',
                        hj212_password = COALESCE(EXCLUDED.hj212_password, station.hj212_password),
                        crc_mode = CASE WHEN ? THEN EXCLUDED.crc_mode ELSE station.crc_mode END
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
                    s.setString(11, st.hj212Password());
                    s.setString(12, st.crcMode());
                    s.setBoolean(13, st.crcMode() != null);
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

    /** The codes of active stations, all of them or only those without an MQTT password, in code order. */
    public List<String> activeCodes(boolean onlyWithoutMqttPassword) throws SQLException {
        List<String> codes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT code FROM station WHERE active"
                        + (onlyWithoutMqttPassword ? " AND mqtt_password_hash IS NULL" : "") + " ORDER BY code");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        return codes;
    }

    /** Those of {@code codes} that no station has, in the order given. */
    public List<String> unknownCodes(List<String> codes) throws SQLException {
        Set<String> known = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT code FROM station WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
        }
        return codes.stream().filter(code -> !known.contains(code)).toList();
    }

    /**
     * Sets the MQTT password hash of each station (code → hash) in one transaction. When a code has no
     * station nothing is changed, and the codes without one are returned; empty means all were set.
     */
    public List<String> setMqttPasswordHashes(Map<String, String> hashByCode) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<String> unknown = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("UPDATE station SET mqtt_password_hash = ? WHERE code = ?")) {
                for (Map.Entry<String, String> entry : hashByCode.entrySet()) {
                    s.setString(1, entry.getValue());
                    s.setString(2, entry.getKey());
                    if (s.executeUpdate() != 1) {
                        unknown.add(entry.getKey());
                    }
                }
                if (unknown.isEmpty()) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return unknown;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A station as {@code stations list} shows it: its row and whether it has an MQTT password (never the hash). */
    public record Listing(StationRecord station, boolean mqttPassword) {}

    public List<Listing> list() throws SQLException {
        List<Listing> stations = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                     SELECT code, name, kind, river, township, lat, lon, target_class, timezone, active,
                            hj212_password, crc_mode, mqtt_password_hash IS NOT NULL
                     FROM station ORDER BY code""");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                StationRecord station = new StationRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        (Double) rs.getObject(6),
                        (Double) rs.getObject(7),
                        rs.getObject(8) == null ? null : rs.getInt(8),
                        rs.getString(9),
                        rs.getBoolean(10),
                        rs.getString(11),
                        rs.getString(12));
                stations.add(new Listing(station, rs.getBoolean(13)));
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
