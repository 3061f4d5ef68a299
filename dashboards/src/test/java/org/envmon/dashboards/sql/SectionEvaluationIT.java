package org.envmon.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.envmon.dashboards.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A section's class over a period and the day's headline figures, on one local day
 * (2024-06-01, Asia/Shanghai) of five sections whose results are worked out in the comments.
 */
class SectionEvaluationIT {
    private static final String DAY_FROM = "2024-06-01T00:00+08:00";
    private static final String DAY_TO = "2024-06-02T00:00+08:00";
    private static MigratedDatabase db;
    private static int a;
    private static int b;
    private static int c;
    private static int d;
    private static int f;

    @BeforeAll
    static void seed() throws SQLException {
        db = MigratedDatabase.create("section_eval");
        // A, river, target III. DO (6.0+5.0)/2 = 5.5 -> III. NH3-N (0.9+1.2)/2 = 1.05 -> IV, ×0.05.
        // CODMn 6.5 -> IV, (6.5−6)/6 = 0.0833 -> ×0.08: the main factor. TP 0.15 -> III.
        // Flagged data (NH3-N 9.0 D, DO 0.5 M) and TN 5.0 (not evaluated on rivers) change nothing.
        a = db.station("A", "river_section", "Jinjiang", 3, "river");
        db.reading(a, "w01009", "2024-06-01T08:00+08:00", 6.0);
        db.reading(a, "w01009", "2024-06-01T14:00+08:00", 5.0);
        db.reading(a, "w01009", "2024-06-01T15:00+08:00", 0.5, "M");
        db.reading(a, "w21003", "2024-06-01T08:00+08:00", 0.9);
        db.reading(a, "w21003", "2024-06-01T14:00+08:00", 1.2);
        db.reading(a, "w21003", "2024-06-01T15:00+08:00", 9.0, "D");
        db.reading(a, "w01019", "2024-06-01T08:00+08:00", 6.5);
        db.reading(a, "w21011", "2024-06-01T08:00+08:00", 0.1);
        db.reading(a, "w21011", "2024-06-01T14:00+08:00", 0.2);
        db.reading(a, "w21001", "2024-06-01T08:00+08:00", 5.0);
        // B, river, target III. pH 5.0 and 7.0: through H+ −log10((1e-5 + 1e-7)/2) = 5.297 -> 5 -> 劣V
        // (the arithmetic mean, 6, would be class I); 1 pH unit below 6. DO 8.0 -> I.
        b = db.station("B", "river_section", "Jinjiang", 3, "river");
        db.reading(b, "w01001", "2024-06-01T08:00+08:00", 5.0);
        db.reading(b, "w01001", "2024-06-01T14:00+08:00", 7.0);
        db.reading(b, "w01009", "2024-06-01T08:00+08:00", 8.0);
        // C, lake, target III. TP 0.04 -> III on the lake scale (II on a river's), TN 0.8 -> III.
        c = db.station("C", "river_section", "Longquan Lake", 3, "lake");
        db.reading(c, "w21011", "2024-06-01T08:00+08:00", 0.04);
        db.reading(c, "w21001", "2024-06-01T08:00+08:00", 0.8);
        db.reading(c, "w01009", "2024-06-01T08:00+08:00", 7.6);
        // D, river, target II. DO 7.0 -> II, NH3-N 0.3 -> II: met. A reading of the next local day is outside.
        d = db.station("D", "river_section", "Fu River", 2, "river");
        db.reading(d, "w01009", "2024-06-01T08:00+08:00", 7.0);
        db.reading(d, "w21003", "2024-06-01T08:00+08:00", 0.3);
        db.reading(d, "w21003", "2024-06-02T00:30+08:00", 3.0);
        // F, river without a target: class I, counted in the shares but not in the compliance rate.
        f = db.station("F", "river_section", "Fu River", null, "river");
        db.reading(f, "w01009", "2024-06-01T08:00+08:00", 8.0);
        // A dust site's readings never make it a section.
        int dust = db.station("S", "dust_site", null, null, "river");
        db.reading(dust, "w01009", "2024-06-01T08:00+08:00", 1.0);
    }

    private static Map<String, Object> sectionClass(int stationId) throws SQLException {
        return db.one(
                "SELECT * FROM gb3838_section_class(?::timestamptz, ?::timestamptz) WHERE station_id = ?",
                DAY_FROM,
                DAY_TO,
                stationId);
    }

    @Test
    void gb3838SectionClass_worstFactorWithFlagsExcluded_classIvMainFactorLargestMultiple() throws SQLException {
        Map<String, Object> row = sectionClass(a);

        assertThat(row.get("water_class")).isEqualTo(4);
        assertThat(row.get("target_met")).isEqualTo(false);
        assertThat(row.get("main_factor")).isEqualTo("w01019");
        assertThat((BigDecimal) row.get("main_exceedance")).isEqualByComparingTo("0.08");
        assertThat(row.get("factors_evaluated")).isEqualTo(4);
    }

    @Test
    void gb3838SectionFactors_flaggedReadings_excludedFromMeans() throws SQLException {
        List<Map<String, Object>> rows = db.query(
                "SELECT factor_code, mean_value, samples, water_class"
                        + " FROM gb3838_section_factors(?::timestamptz, ?::timestamptz, ARRAY[?]) ORDER BY factor_code",
                DAY_FROM,
                DAY_TO,
                a);

        assertThat(rows).extracting(r -> r.get("factor_code")).containsExactly("w01009", "w01019", "w21003", "w21011");
        assertThat((BigDecimal) rows.get(0).get("mean_value")).isEqualByComparingTo("5.5");
        assertThat(rows.get(0).get("samples")).isEqualTo(2L);
        assertThat((BigDecimal) rows.get(2).get("mean_value")).isEqualByComparingTo("1.05");
        assertThat((BigDecimal) rows.get(3).get("mean_value")).isEqualByComparingTo("0.150");
    }

    @Test
    void gb3838SectionClass_phAveragedThroughHydrogenIons_worseThanV() throws SQLException {
        Map<String, Object> row = sectionClass(b);

        assertThat(row.get("water_class")).isEqualTo(6);
        assertThat(row.get("main_factor")).isEqualTo("w01001");
        assertThat((BigDecimal) row.get("main_exceedance")).isEqualByComparingTo("1");
        assertThat((BigDecimal) db.value(
                        "SELECT mean_value FROM gb3838_section_factors(?::timestamptz, ?::timestamptz,"
                                + " ARRAY[?]) WHERE factor_code = 'w01001'",
                        DAY_FROM,
                        DAY_TO,
                        b))
                .isEqualByComparingTo("5");
    }

    @Test
    void gb3838SectionClass_lakeSection_lakeTotalPhosphorusAndNitrogenLimits() throws SQLException {
        Map<String, Object> row = sectionClass(c);

        assertThat(row.get("water_class")).isEqualTo(3);
        assertThat(row.get("target_met")).isEqualTo(true);
        assertThat(row.get("main_factor")).isNull();
        assertThat(row.get("factors_evaluated")).isEqualTo(3);
    }

    @Test
    void gb3838SectionClass_periodBoundsInLocalTime_nextDayReadingExcluded() throws SQLException {
        Map<String, Object> row = sectionClass(d);

        assertThat(row.get("water_class")).isEqualTo(2);
        assertThat(row.get("target_met")).isEqualTo(true);
    }

    @Test
    void gb3838SectionClass_dustSite_notEvaluated() throws SQLException {
        assertThat(db.query("SELECT * FROM gb3838_section_class(?::timestamptz, ?::timestamptz)", DAY_FROM, DAY_TO))
                .extracting(r -> r.get("station_id"))
                .containsExactlyInAnyOrder(a, b, c, d, f);
    }

    @Test
    void gb3838PeriodSummary_fiveSectionsFourWithTarget_rateAndShares() throws SQLException {
        Map<String, Object> row =
                db.one("SELECT * FROM gb3838_period_summary(?::timestamptz, ?::timestamptz)", DAY_FROM, DAY_TO);

        assertThat(row.get("sections_evaluated")).isEqualTo(5);
        assertThat(row.get("sections_with_target")).isEqualTo(4);
        assertThat(row.get("sections_met")).isEqualTo(2);
        assertThat((BigDecimal) row.get("compliance_rate")).isEqualByComparingTo("0.5");
        assertThat((BigDecimal) row.get("share_i_iii")).isEqualByComparingTo("0.6");
        assertThat((BigDecimal) row.get("share_worse_v")).isEqualByComparingTo("0.2");
    }

    @Test
    void gb3838PeriodSummary_stationFilter_onlyThoseSections() throws SQLException {
        Map<String, Object> row = db.one(
                "SELECT * FROM gb3838_period_summary(?::timestamptz, ?::timestamptz," + " ARRAY[?, ?])",
                DAY_FROM,
                DAY_TO,
                a,
                d);

        assertThat(row.get("sections_evaluated")).isEqualTo(2);
        assertThat((BigDecimal) row.get("compliance_rate")).isEqualByComparingTo("0.5");
        assertThat((BigDecimal) row.get("share_worse_v")).isEqualByComparingTo("0");
    }
}
