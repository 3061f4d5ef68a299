package org.envmon.dashboards.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Deterministic, realistic station data for the panel tests, relative to a given "now" so that
 * "today", "this month" and "this quarter" have data: six river sections (one a lake) with
 * hourly pH, DO, CODMn, NH3-N, TP (and TN on the lake) for 100 days — DO and pH follow the day
 * (photosynthesis), one section has an ammonia episode in the last two days (劣V), one a night-time
 * DO sag, one TP above class III — with some readings flagged M/D/C; three dust sites with 5-minute
 * TSP, PM10 and PM2.5 for 8 days, one of them over the limit every afternoon; station-reported
 * hourly averages; alerts in every state with their events and notifications; rejected messages.
 * No randomness: every value is a function of time and station.
 */
public final class DemoSeeder {
    private record Section(
            String code, String name, String river, String township, int target, String body, double lat, double lon) {}

    private static final List<Section> SECTIONS = List.of(
            new Section("JJ01", "锦江望江楼", "锦江", "望江", 3, "river", 30.630, 104.090),
            new Section("JJ02", "锦江黄龙溪", "锦江", "黄龙溪", 3, "river", 30.320, 103.970),
            new Section("JJ03", "锦江中和", "锦江", "中和", 2, "river", 30.520, 104.100),
            new Section("FH01", "府河天府", "府河", "天府", 3, "river", 30.560, 104.060),
            new Section("FH02", "府河永安", "府河", "永安", 4, "river", 30.450, 104.050),
            new Section("LQ01", "龙泉湖中心", "龙泉湖", "龙泉", 3, "lake", 30.560, 104.270));
    private static final String[] DUST_SITES = {"DS01", "DS02", "DS03"};
    private static final String[] DUST_TOWNSHIPS = {"天府", "中和", "永安"};
    private static final int RIVER_DAYS = 100;
    private static final int DUST_DAYS = 8;

    private DemoSeeder() {}

    /** Seeds the database with data up to {@code now}. */
    public static void seed(MigratedDatabase db, Instant now) throws SQLException {
        Instant lastHour = now.truncatedTo(ChronoUnit.HOURS);
        try (Connection c = db.connect()) {
            stations(c);
            StringBuilder csv = new StringBuilder();
            riverReadings(c, lastHour, csv);
            dustReadings(c, now.truncatedTo(ChronoUnit.MINUTES), csv);
            copy(c, csv);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO station_aggregate (interval_start, station_id, metric_id, period, value_avg,"
                        + " value_min, value_max, flag, interval_seconds)"
                        + " SELECT date_trunc('hour', time), station_id, metric_id, 'hour', avg(value) * 1.02,"
                        + " min(value), max(value), 'N', 3600 FROM reading"
                        + " WHERE time > now() - INTERVAL '8 days' AND station_id IN"
                        + " (SELECT id FROM station WHERE kind = 'river_section') GROUP BY 1, 2, 3");
            }
        }
        alerts(db, now);
        rejections(db, now);
    }

    private static void stations(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Section sec : SECTIONS) {
                s.execute(String.format(
                        "INSERT INTO station (code, name, kind, river, township, lat, lon, target_class,"
                                + " water_body) VALUES ('%s', '%s', 'river_section', '%s', '%s', %s, %s, %d, '%s')",
                        sec.code, sec.name, sec.river, sec.township, sec.lat, sec.lon, sec.target, sec.body));
            }
            for (int i = 0; i < DUST_SITES.length; i++) {
                s.execute(String.format(
                        "INSERT INTO station (code, name, kind, township, lat, lon) VALUES"
                                + " ('%s', '工地%d号', 'dust_site', '%s', %s, %s)",
                        DUST_SITES[i], i + 1, DUST_TOWNSHIPS[i], 30.5 + i * 0.03, 104.0 + i * 0.04));
            }
            s.execute("INSERT INTO station (code, name, kind, township, lat, lon) VALUES"
                    + " ('OF01', '城南污水厂排口', 'outfall', '中和', 30.51, 104.11)");
            // Registered before the seeded history, as stations in service are: hours before a
            // station's registration are not expected of it (transmission_rate).
            s.execute("UPDATE station SET created_at = now() - interval '60 days'");
        }
    }

    private static void riverReadings(Connection c, Instant lastHour, StringBuilder csv) throws SQLException {
        for (int si = 0; si < SECTIONS.size(); si++) {
            Section sec = SECTIONS.get(si);
            int id = stationId(c, sec.code);
            for (int h = RIVER_DAYS * 24; h >= 0; h--) {
                Instant t = lastHour.minus(Duration.ofHours(h));
                double hourOfDay = (t.getEpochSecond() / 3600 + 8) % 24;
                double sun = Math.sin((hourOfDay - 9) / 24 * 2 * Math.PI);
                boolean recent = h < 48;
                double ph = 7.6 + 0.4 * sun + 0.1 * si;
                double dOxygen = 7.0 + 1.6 * sun - 0.4 * si;
                if (sec.code.equals("JJ03") && hourOfDay >= 2 && hourOfDay <= 6) {
                    dOxygen = 3.4;
                }
                double codmn = 3.2 + 0.8 * Math.sin(h / 30.0) + 0.3 * si;
                double nh3n = 0.35 + 0.15 * Math.sin(h / 17.0) + 0.05 * si;
                if (sec.code.equals("JJ02") && recent) {
                    nh3n = 2.3 + 0.2 * Math.sin(h);
                }
                double tp = sec.body.equals("lake") ? 0.04 : sec.code.equals("FH01") ? 0.26 : 0.12 + 0.01 * si;
                double[] values = {ph, dOxygen, codmn, nh3n, tp};
                String[] codes = {"w01001", "w01009", "w01019", "w21003", "w21011"};
                for (int f = 0; f < codes.length; f++) {
                    row(csv, t, id, metricId(codes[f]), values[f], h, f);
                }
                if (sec.body.equals("lake")) {
                    row(csv, t, id, metricId("w21001"), 0.7, h, 5);
                }
            }
        }
    }

    /** Every 37th reading of a series is flagged: M (value tripled), D, or C, so flags show and must be excluded. */
    private static void row(
            StringBuilder csv, Instant t, int stationId, int metricId, double value, int index, int series) {
        String flag = "N";
        double v = value;
        if ((index + series * 7) % 37 == 0) {
            flag = new String[] {"M", "D", "C"}[(index / 37) % 3];
            v = value * 3;
        }
        csv.append(t)
                .append(',')
                .append(stationId)
                .append(',')
                .append(metricId)
                .append(',')
                .append(Math.round(v * 1000) / 1000.0)
                .append(',')
                .append(flag)
                .append(',')
                .append(t.plusSeconds(3))
                .append('\n');
    }

    private static void dustReadings(Connection c, Instant now, StringBuilder csv) throws SQLException {
        Instant last = now.minus(
                Duration.ofMinutes(now.atZone(java.time.ZoneOffset.UTC).getMinute() % 5));
        for (int si = 0; si < DUST_SITES.length; si++) {
            int id = stationId(c, DUST_SITES[si]);
            for (int m = DUST_DAYS * 24 * 12; m >= 0; m--) {
                Instant t = last.minus(Duration.ofMinutes(5L * m));
                double hourOfDay = (t.getEpochSecond() / 3600.0 + 8) % 24;
                boolean working = hourOfDay >= 8 && hourOfDay < 18;
                double pm10 = 55 + 15 * Math.sin(m / 40.0) + (working ? 20 : 0) + 10 * si;
                if (si == 1 && hourOfDay >= 14 && hourOfDay < 16) {
                    pm10 = 140 + 20 * Math.sin(m);
                }
                row(csv, t, id, metricId("a34002"), pm10, m, 0);
                row(csv, t, id, metricId("a34004"), pm10 * 0.55, m, 1);
                row(csv, t, id, metricId("a34001"), pm10 * 1.8, m, 2);
            }
        }
    }

    private static void copy(Connection c, StringBuilder csv) throws SQLException {
        try {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY reading (time, station_id, metric_id, value, flag, received_at) FROM STDIN WITH (FORMAT csv)",
                            new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void alerts(MigratedDatabase db, Instant now) throws SQLException {
        // One resolved, acknowledged warning per river section: each section's detail view has an annotation.
        for (Section sec : SECTIONS) {
            alert(
                    db,
                    sec.code,
                    "gb3838-w21003",
                    "w21003",
                    "warning",
                    "resolved",
                    now.minus(Duration.ofHours(30)),
                    Duration.ofMinutes(12),
                    Duration.ofHours(3),
                    "氨氮超过目标类别");
        }
        alert(
                db,
                "JJ02",
                "gb3838-w21003-crit",
                "w21003",
                "critical",
                "firing",
                now.minus(Duration.ofHours(40)),
                null,
                null,
                "NH3-N 2.3 mg/L, class 劣V, target III, ×1.3 over");
        alert(
                db,
                "JJ03",
                "gb3838-w01009",
                "w01009",
                "warning",
                "firing",
                now.minus(Duration.ofHours(5)),
                Duration.ofMinutes(25),
                null,
                "DO 3.4 mg/L, class IV, target II");
        alert(
                db,
                "DS02",
                "dust-pm10",
                "a34002",
                "info",
                "pending",
                now.minus(Duration.ofMinutes(20)),
                null,
                null,
                "PM10 15-min mean 140 over 80");
        alert(
                db,
                "OF01",
                "offline",
                null,
                "critical",
                "resolved",
                now.minus(Duration.ofDays(2)),
                Duration.ofMinutes(4),
                Duration.ofHours(5),
                "no data for 3 h");
        db.update(
                "INSERT INTO notification (alert_id, event_id, notifier, status, attempts, last_error, notice, created_at, sent_at)"
                        + " SELECT e.alert_id, e.id, n.notifier, n.status, n.attempts, n.err, 'notice', e.at, CASE WHEN n.status = 'sent' THEN e.at END"
                        + " FROM alert_event e CROSS JOIN (VALUES ('river-group', 'sent', 1, NULL),"
                        + " ('duty', 'dead', 6, 'HTTP 500 from robot')) AS n (notifier, status, attempts, err)"
                        + " WHERE e.kind = 'firing'");
        db.update("INSERT INTO notification (alert_id, event_id, notifier, status, attempts, notice, created_at)"
                + " SELECT e.alert_id, e.id, 'mail', 'pending', 1, 'notice', now() - INTERVAL '2 minutes'"
                + " FROM alert_event e WHERE e.kind = 'firing' ORDER BY e.id DESC LIMIT 1");
    }

    private static void alert(
            MigratedDatabase db,
            String station,
            String rule,
            String metric,
            String severity,
            String state,
            Instant started,
            Duration ackAfter,
            Duration resolveAfter,
            String summary)
            throws SQLException {
        Instant fired = state.equals("pending") ? null : started.plus(Duration.ofMinutes(10));
        Instant acked = ackAfter == null || fired == null ? null : fired.plus(ackAfter);
        Instant resolved = resolveAfter == null ? null : started.plus(resolveAfter);
        Object alertId = db.value(
                "INSERT INTO alert (rule_id, station_id, metric_code, severity, state, value, threshold,"
                        + " summary, started_at, fired_at, resolved_at, last_change_at, acked_by, acked_at)"
                        + " SELECT ?, id, ?, ?, ?, 2.3, 'class III', ?, ?::timestamptz, ?::timestamptz, ?::timestamptz,"
                        + " ?::timestamptz, ?, ?::timestamptz FROM station WHERE code = ? RETURNING id",
                rule,
                metric,
                severity,
                state,
                summary,
                started.toString(),
                str(fired),
                str(resolved),
                started.toString(),
                acked == null ? null : "值班员",
                str(acked),
                station);
        db.update(
                "INSERT INTO alert_event (alert_id, kind, at) VALUES (?, 'pending', ?::timestamptz)",
                alertId,
                started.toString());
        for (Object[] e : new Object[][] {{"firing", fired}, {"acknowledged", acked}, {"resolved", resolved}}) {
            if (e[1] != null) {
                db.update(
                        "INSERT INTO alert_event (alert_id, kind, at) VALUES (?, ?, ?::timestamptz)",
                        alertId,
                        e[0],
                        e[1].toString());
            }
        }
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void rejections(MigratedDatabase db, Instant now) throws SQLException {
        String[] reasons = {"malformed_json", "unknown_station", "hj212_crc_mismatch", "invalid_value", "time_in_future"
        };
        for (int i = 0; i < 20; i++) {
            db.update(
                    "INSERT INTO rejected_message (received_at, station_code, transport, reason, detail, raw, raw_size)"
                            + " VALUES (?::timestamptz, ?, 'mqtt', ?, 'seeded rejection', '\\x7b'::bytea, 1)",
                    now.minus(Duration.ofMinutes(17L * i)).toString(),
                    i % 4 == 0 ? null : "JJ0" + (1 + i % 3),
                    reasons[i % reasons.length]);
        }
    }

    private static int stationId(Connection c, String code) throws SQLException {
        try (Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT id FROM station WHERE code = '" + code + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int metricId(String code) {
        return switch (code) {
            case "w01001" -> 1;
            case "w01009" -> 2;
            case "w01019" -> 6;
            case "w21003" -> 9;
            case "w21011" -> 10;
            case "w21001" -> 11;
            case "a34001" -> 16;
            case "a34002" -> 17;
            case "a34004" -> 18;
            default -> throw new IllegalArgumentException(code);
        };
    }
}
