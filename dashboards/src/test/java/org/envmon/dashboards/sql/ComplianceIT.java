package org.envmon.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.envmon.dashboards.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compliance per day, month and quarter over Q3 2024 (Asia/Shanghai). July: A met, B not -> 0.5.
 * August: A, B and D met -> 1.0. September: no data. The quarter is the mean of its months,
 * (0.5 + 1.0) / 2 = 0.75, not the pooled 4 of 5 section-months (0.8).
 */
class ComplianceIT {
    private static final String Q3_FROM = "2024-07-01T00:00+08:00";
    private static final String Q3_TO = "2024-10-01T00:00+08:00";
    private static MigratedDatabase db;

    @BeforeAll
    static void seed() throws SQLException {
        db = MigratedDatabase.create("compliance");
        int a = db.station("A", "river_section", "Jinjiang", 3, "river");
        int b = db.station("B", "river_section", "Jinjiang", 3, "river");
        int d = db.station("D", "river_section", "Fu River", 3, "river");
        db.reading(a, "w01009", "2024-07-10T08:00+08:00", 8.0);
        db.reading(b, "w21003", "2024-07-10T08:00+08:00", 1.6);
        db.reading(b, "w21003", "2024-07-11T08:00+08:00", 1.6);
        db.reading(a, "w01009", "2024-08-05T08:00+08:00", 6.0);
        db.reading(b, "w21003", "2024-08-05T08:00+08:00", 0.8);
        // 00:30 local on 1 August is still 31 July in UTC: it must count for August.
        db.reading(d, "w21003", "2024-08-01T00:30+08:00", 0.4);
    }

    @Test
    void gb3838Compliance_month_eachMonthOnItsOwnMeans() throws SQLException {
        List<Map<String, Object>> rows = db.query(
                "SELECT * FROM gb3838_compliance('month', ?::timestamptz," + " ?::timestamptz) ORDER BY period_start",
                Q3_FROM,
                Q3_TO);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("period_start")).isEqualTo(Instant.parse("2024-06-30T16:00:00Z"));
        assertThat(rows.get(0).get("sections_evaluated")).isEqualTo(2);
        assertThat((BigDecimal) rows.get(0).get("compliance_rate")).isEqualByComparingTo("0.5");
        assertThat(rows.get(1).get("sections_evaluated")).isEqualTo(3);
        assertThat((BigDecimal) rows.get(1).get("compliance_rate")).isEqualByComparingTo("1");
    }

    @Test
    void gb3838Compliance_quarter_meanOfMonthlyRates() throws SQLException {
        Map<String, Object> row =
                db.one("SELECT * FROM gb3838_compliance('quarter', ?::timestamptz, ?::timestamptz)", Q3_FROM, Q3_TO);

        assertThat((BigDecimal) row.get("compliance_rate")).isEqualByComparingTo("0.75");
        assertThat(row.get("sections_evaluated")).isEqualTo(5);
        assertThat(row.get("sections_met")).isEqualTo(4);
        assertThat(row.get("period_end")).isEqualTo(Instant.parse("2024-09-30T16:00:00Z"));
    }

    @Test
    void gb3838Compliance_quarterFromMidQuarter_stillWholeQuarterMonths() throws SQLException {
        Map<String, Object> row = db.one(
                "SELECT * FROM gb3838_compliance('quarter', ?::timestamptz, ?::timestamptz)",
                "2024-08-15T00:00+08:00",
                Q3_TO);

        assertThat((BigDecimal) row.get("compliance_rate")).isEqualByComparingTo("0.75");
    }

    @Test
    void gb3838Compliance_day_onlyDaysWithData() throws SQLException {
        List<Map<String, Object>> rows = db.query(
                "SELECT * FROM gb3838_compliance('day', ?::timestamptz," + " ?::timestamptz) ORDER BY period_start",
                Q3_FROM,
                Q3_TO);

        assertThat(rows)
                .extracting(r -> ((BigDecimal) r.get("compliance_rate"))
                        .stripTrailingZeros()
                        .toPlainString())
                .containsExactly("0.5", "0", "1", "1");
    }

    @Test
    void gb3838Compliance_unknownGrain_fails() {
        assertThatThrownBy(() -> db.query("SELECT * FROM gb3838_compliance('week', now(), now())"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("grain must be day, month or quarter");
    }
}
