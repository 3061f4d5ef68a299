package org.envmon.alerting.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.envmon.alerting.input.MetricInfo;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.input.StationInfo;

/** Reads what alerting needs from ingest's tables: stations, metrics, and stored readings for replay. */
public final class Catalog {
    private final DataSource dataSource;
    private final ZoneId defaultZone;

    public Catalog(DataSource dataSource, ZoneId defaultZone) {
        this.dataSource = dataSource;
        this.defaultZone = defaultZone;
    }

    private static final String STATION_COLUMNS =
            "SELECT id, code, name, kind, river, township, target_class, timezone FROM station WHERE active";

    public Map<Integer, StationInfo> stations() throws SQLException {
        Map<Integer, StationInfo> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(STATION_COLUMNS);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                StationInfo station = station(rs);
                out.put(station.id(), station);
            }
        }
        return out;
    }

    /** One active station by id: what a reading of a station registered while running needs, without reading them all. */
    public Optional<StationInfo> station(int id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(STATION_COLUMNS + " AND id = ?")) {
            s.setInt(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(station(rs)) : Optional.empty();
            }
        }
    }

    /** Ids of the active stations staff have in maintenance. */
    public Set<Integer> inMaintenance() throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT id FROM station WHERE active AND maintenance_since IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private StationInfo station(ResultSet rs) throws SQLException {
        int target = rs.getInt(7);
        Optional<Integer> targetClass = rs.wasNull() ? Optional.empty() : Optional.of(target);
        return new StationInfo(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Optional.ofNullable(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)),
                targetClass,
                zone(rs.getString(8)));
    }

    private ZoneId zone(String id) {
        try {
            return id == null ? defaultZone : ZoneId.of(id);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    public Map<Short, MetricInfo> metrics() throws SQLException {
        Map<Short, MetricInfo> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, code, name, name_zh, unit, decimals FROM metric");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(
                        rs.getShort(1),
                        new MetricInfo(
                                rs.getShort(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getInt(6)));
            }
        }
        return out;
    }

    /** When each station's latest reading arrived, looking back no further than {@code since}. */
    public Map<Integer, Instant> lastArrivals(Instant since) throws SQLException {
        Map<Integer, Instant> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT station_id, max(received_at) FROM reading" + " WHERE time >= ? GROUP BY station_id")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return out;
    }

    /** Streams stored readings of the given metrics since {@code since} in reading-time order. */
    public void replay(Instant since, short[] metricIds, Consumer<ReadingEvent> sink) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Short[] boxed = new Short[metricIds.length];
            for (int i = 0; i < metricIds.length; i++) {
                boxed[i] = metricIds[i];
            }
            Array ids = c.createArrayOf("int2", boxed);
            try (PreparedStatement s = c.prepareStatement("SELECT station_id, metric_id, time, value, flag"
                    + " FROM reading WHERE time >= ? AND metric_id = ANY (?) ORDER BY time, station_id, metric_id")) {
                s.setFetchSize(5000);
                s.setTimestamp(1, Timestamp.from(since));
                s.setArray(2, ids);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String flag = rs.getString(5);
                        sink.accept(new ReadingEvent(
                                rs.getInt(1),
                                rs.getShort(2),
                                rs.getTimestamp(3).toInstant(),
                                rs.getDouble(4),
                                flag == null || flag.isEmpty() ? 'N' : flag.charAt(0)));
                    }
                }
            }
            c.commit();
        }
    }
}
