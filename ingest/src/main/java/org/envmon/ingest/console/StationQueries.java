package org.envmon.ingest.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** What the console shows of stations: the directory, latest values, series and the standards' figures. */
public final class StationQueries {
    private static final String STATION_COLUMNS =
            "SELECT id, code, name, kind, river, township, lat, lon, target_class,"
                    + " water_body, timezone, maintenance_since, maintenance_by, maintenance_note FROM station ";

    private final DataSource dataSource;

    public StationQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Active stations in code order. */
    public List<Map<String, Object>> stations() throws SQLException {
        return SqlRows.query(dataSource, STATION_COLUMNS + "WHERE active ORDER BY code");
    }

    public Optional<Map<String, Object>> station(String code) throws SQLException {
        return SqlRows.query(dataSource, STATION_COLUMNS + "WHERE code = ? AND active", code).stream()
                .findFirst();
    }

    /** Open (pending or firing) alerts per station id and severity. */
    public Map<Integer, Map<String, Integer>> openAlerts() throws SQLException {
        Map<Integer, Map<String, Integer>> out = new HashMap<>();
        for (Map<String, Object> row : SqlRows.query(
                dataSource,
                "SELECT station_id, severity, count(*)::integer AS alerts FROM alert WHERE state <> 'resolved'"
                        + " GROUP BY station_id, severity")) {
            out.computeIfAbsent((Integer) row.get("stationId"), id -> new HashMap<>())
                    .put((String) row.get("severity"), (Integer) row.get("alerts"));
        }
        return out;
    }

    /** The newest reading of each factor the station sent since {@code since}, with its unit and flag. */
    public List<Map<String, Object>> latest(int stationId, Instant since) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT m.code AS metric, m.name, m.name_zh, m.unit, m.decimals, l.time, l.value, l.flag"
                        + " FROM (SELECT DISTINCT ON (metric_id) metric_id, time, value, flag FROM reading"
                        + " WHERE station_id = ? AND time >= ? ORDER BY metric_id, time DESC) l"
                        + " JOIN metric m ON m.id = l.metric_id ORDER BY m.code",
                stationId,
                since);
    }

    /**
     * One factor's values in buckets of {@code bucket} over [from, to): mean, minimum and maximum of
     * N-flagged readings (the ones evaluations use), and how many readings carried another flag.
     */
    public List<Map<String, Object>> series(int stationId, String metric, Instant from, Instant to, Duration bucket)
            throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT date_bin(make_interval(secs => ?), r.time, TIMESTAMPTZ '2000-01-01 00:00+00') AS time,"
                        + " avg(r.value) FILTER (WHERE r.flag = 'N') AS mean,"
                        + " min(r.value) FILTER (WHERE r.flag = 'N') AS min,"
                        + " max(r.value) FILTER (WHERE r.flag = 'N') AS max,"
                        + " count(*) FILTER (WHERE r.flag <> 'N') AS flagged"
                        + " FROM reading r JOIN metric m ON m.id = r.metric_id"
                        + " WHERE r.station_id = ? AND m.code = ? AND r.time >= ? AND r.time < ?"
                        + " GROUP BY 1 ORDER BY 1",
                (double) bucket.toSeconds(),
                stationId,
                metric,
                from,
                to);
    }

    /** GB 3838 evaluation of one section over [from, to): its class and each factor's mean and class. */
    public Map<String, Object> sectionClass(int stationId, Instant from, Instant to) throws SQLException {
        Map<String, Object> out = new HashMap<>();
        out.put(
                "class",
                SqlRows.query(
                                dataSource,
                                "SELECT water_class, target_class, target_met, main_factor, main_exceedance,"
                                        + " factors_evaluated FROM gb3838_section_class(?, ?, ARRAY[?])",
                                from,
                                to,
                                stationId)
                        .stream()
                        .findFirst()
                        .orElse(null));
        out.put(
                "factors",
                SqlRows.query(
                        dataSource,
                        "SELECT factor_code, mean_value, samples, water_class, exceedance"
                                + " FROM gb3838_section_factors(?, ?, ARRAY[?]) ORDER BY factor_code",
                        from,
                        to,
                        stationId));
        return out;
    }

    /** Daily AQI (HJ 633) of an air station for the local days in [from, to). */
    public List<Map<String, Object>> aqiDays(int stationId, Instant from, Instant to, String zone) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT day, aqi, primary_pollutant, category, good, pm25, pm10, so2, no2, co,"
                        + " o3_1h AS o3_one_hour, o3_8h AS o3_eight_hours"
                        + " FROM aqi_daily(?, ?, ARRAY[?], ?) ORDER BY day DESC",
                from,
                to,
                stationId,
                zone);
    }

    /** A dust site's window means against its limit over [from, to). */
    public List<Map<String, Object>> dustWindows(int stationId, Instant from, Instant to, String zone)
            throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT window_start, metric_code, mean_value, limit_value, exceeded, samples"
                        + " FROM dust_windows(?, ?, ARRAY[?], ?) ORDER BY window_start DESC",
                from,
                to,
                stationId,
                zone);
    }

    /** Hours with data ÷ hours expected over [from, to). */
    public Optional<Map<String, Object>> transmission(int stationId, Instant from, Instant to) throws SQLException {
        return SqlRows.query(
                        dataSource,
                        "SELECT expected_hours, received_hours, rate FROM transmission_rate(?, ?, ARRAY[?])",
                        from,
                        to,
                        stationId)
                .stream()
                .findFirst();
    }

    /** When each station's data last arrived since {@code since}, to start {@link StationActivity} with. */
    public Map<Integer, StationActivity.Seen> activitySince(Instant since) throws SQLException {
        Map<Integer, StationActivity.Seen> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT station_id, max(time), max(received_at) FROM reading WHERE time >= ?"
                                + " GROUP BY station_id")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getInt(1),
                            new StationActivity.Seen(
                                    rs.getTimestamp(2).toInstant(),
                                    rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return out;
    }
}
