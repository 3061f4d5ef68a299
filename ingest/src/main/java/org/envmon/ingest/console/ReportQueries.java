package org.envmon.ingest.console;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The figures of the river-chief and bureau reports, each from the SQL functions the dashboards
 * use too (migrations V41, V42, V65), so a report and a panel never disagree.
 */
public final class ReportQueries {
    private static final String SECTION_COLUMNS = "SELECT s.code, s.name, s.river, s.township, s.target_class,"
            + " c.water_class, gb3838_class_label(c.water_class) AS class_label, c.target_met,"
            + " c.main_factor, coalesce(m.name_zh, m.name) AS main_factor_name, c.main_exceedance,"
            + " c.factors_evaluated, t.expected_hours, t.received_hours, t.rate AS transmission_rate"
            + " FROM station s"
            + " LEFT JOIN gb3838_section_class(?, ?) c ON c.station_id = s.id"
            + " LEFT JOIN metric m ON m.code = c.main_factor"
            + " LEFT JOIN transmission_rate(?, ?) t ON t.station_id = s.id"
            + " WHERE s.kind = 'river_section' AND s.active ORDER BY s.river NULLS LAST, s.code";

    private final DataSource dataSource;

    public ReportQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every active river section with its class over [from, to); sections without data have no class. */
    public List<Map<String, Object>> sections(Instant from, Instant to) throws SQLException {
        return SqlRows.query(dataSource, SECTION_COLUMNS, from, to, from, to);
    }

    /** Compliance rate (达标率) and the shares in I–III and 劣V over [from, to). */
    public Map<String, Object> sectionSummary(Instant from, Instant to) throws SQLException {
        return SqlRows.query(
                        dataSource,
                        "SELECT sections_evaluated, sections_with_target, sections_met, compliance_rate, share_i_iii,"
                                + " share_worse_v FROM gb3838_period_summary(?, ?)",
                        from,
                        to)
                .get(0);
    }

    /** Each section's class in each local month of [from, to). */
    public List<Map<String, Object>> sectionMonths(Instant from, Instant to, String zone) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT s.code, to_char(p.period_start AT TIME ZONE ?, 'YYYY-MM') AS month, c.water_class,"
                        + " gb3838_class_label(c.water_class) AS class_label, c.target_met"
                        + " FROM calendar_periods('month', ?, ?, ?) p"
                        + " CROSS JOIN LATERAL gb3838_section_class(p.period_start, p.period_end) c"
                        + " JOIN station s ON s.id = c.station_id ORDER BY s.code, 2",
                zone,
                from,
                to,
                zone);
    }

    /** The compliance rate of each local month of [from, to) that has evaluated sections. */
    public List<Map<String, Object>> monthlyCompliance(Instant from, Instant to, String zone) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT to_char(period_start AT TIME ZONE ?, 'YYYY-MM') AS month, sections_evaluated, sections_met,"
                        + " compliance_rate, share_i_iii, share_worse_v FROM gb3838_compliance('month', ?, ?, NULL, ?)"
                        + " ORDER BY period_start",
                zone,
                from,
                to,
                zone);
    }

    /** Air stations' good-day share (HJ 633 daily AQI ≤ 100) over [from, to). */
    public List<Map<String, Object>> air(Instant from, Instant to, String zone) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT s.code, s.name, s.township, g.valid_days, g.good_days, g.good_day_rate,"
                        + " t.expected_hours, t.received_hours, t.rate AS transmission_rate"
                        + " FROM station s LEFT JOIN aqi_good_day_rate(?, ?, NULL, ?) g ON g.station_id = s.id"
                        + " LEFT JOIN transmission_rate(?, ?) t ON t.station_id = s.id"
                        + " WHERE s.kind = 'air' AND s.active ORDER BY s.code",
                from,
                to,
                zone,
                from,
                to);
    }

    /** Dust sites' window exceedances over [from, to): windows, exceedances, days over the allowance. */
    public List<Map<String, Object>> dust(Instant from, Instant to, String zone) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT s.code, s.name, s.township, d.metric_code, d.limit_value, coalesce(d.days, 0) AS days,"
                        + " coalesce(d.windows, 0) AS windows, coalesce(d.exceedances, 0) AS exceedances,"
                        + " coalesce(d.days_over_allowance, 0) AS days_over_allowance, d.max_window_mean,"
                        + " t.expected_hours, t.received_hours, t.rate AS transmission_rate"
                        + " FROM station s LEFT JOIN ("
                        + "   SELECT station_id, max(metric_code) AS metric_code, max(limit_value) AS limit_value,"
                        + "   count(*) AS days, sum(windows) AS windows, sum(exceedances) AS exceedances,"
                        + "   count(*) FILTER (WHERE over_allowance) AS days_over_allowance,"
                        + "   max(max_window_mean) AS max_window_mean"
                        + "   FROM dust_daily(?, ?, NULL, ?) GROUP BY station_id) d ON d.station_id = s.id"
                        + " LEFT JOIN transmission_rate(?, ?) t ON t.station_id = s.id"
                        + " WHERE s.kind = 'dust_site' AND s.active ORDER BY s.code",
                from,
                to,
                zone,
                from,
                to);
    }

    /** Every active station's data transmission rate over [from, to). */
    public List<Map<String, Object>> transmission(Instant from, Instant to) throws SQLException {
        return SqlRows.query(
                dataSource,
                "SELECT s.code, s.name, s.kind, t.expected_hours, t.received_hours, t.rate AS transmission_rate"
                        + " FROM station s JOIN transmission_rate(?, ?) t ON t.station_id = s.id ORDER BY s.code",
                from,
                to);
    }
}
