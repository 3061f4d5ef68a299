package org.envmon.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.envmon.alerting.standard.Gb3838;
import org.envmon.alerting.standard.Gb3838.Factor;
import org.envmon.alerting.standard.Gb3838.WaterBody;
import org.envmon.alerting.text.Numbers;
import org.envmon.dashboards.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One source of truth: the alerting module's GB 3838 preset (Java, evaluated on each reading) and
 * the gb3838_limit table with its SQL functions (dashboards, statistics) must agree — on every
 * limit row, on which factors each water body evaluates, and on the class of values at and around
 * every limit, ties included.
 */
class Gb3838SourceOfTruthIT {
    private static MigratedDatabase db;

    @BeforeAll
    static void migrate() {
        db = MigratedDatabase.create("gb3838_truth");
    }

    @Test
    void gb3838Limit_everyRow_equalsAlertingPresetLimit() throws SQLException {
        List<Map<String, Object>> rows = db.query("SELECT * FROM gb3838_limit ORDER BY factor_code, water_body, class");

        assertThat(rows).hasSize(7 * 5 * 2 + 5);
        for (Map<String, Object> row : rows) {
            Factor factor = Gb3838.factorOf((String) row.get("factor_code")).orElseThrow();
            WaterBody body = WaterBody.valueOf(((String) row.get("water_body")).toUpperCase(Locale.ROOT));
            int cls = (Integer) row.get("class");
            assertThat(Gb3838.describeTarget(factor, body, cls)).as("%s", row).isEqualTo(expectedDescription(row, cls));
        }
    }

    private static String expectedDescription(Map<String, Object> row, int cls) {
        return switch ((String) row.get("direction")) {
            case "within" ->
                Numbers.plain(((BigDecimal) row.get("lower_limit")).doubleValue()) + "–"
                        + Numbers.plain(((BigDecimal) row.get("upper_limit")).doubleValue());
            case "at_least" ->
                "class " + Gb3838.roman(cls) + " (≥ "
                        + Numbers.plain(((BigDecimal) row.get("lower_limit")).doubleValue()) + ")";
            default ->
                "class " + Gb3838.roman(cls) + " (≤ "
                        + Numbers.plain(((BigDecimal) row.get("upper_limit")).doubleValue()) + ")";
        };
    }

    @Test
    void gb3838Limit_factorsPerWaterBody_equalAlertingPreset() throws SQLException {
        for (WaterBody body : WaterBody.values()) {
            Set<String> inPreset = new TreeSet<>();
            for (Factor f : Factor.values()) {
                if (f.appliesTo(body)) {
                    inPreset.add(f.code());
                }
            }
            List<Map<String, Object>> rows = db.query(
                    "SELECT DISTINCT factor_code FROM gb3838_limit WHERE water_body = ?",
                    body.name().toLowerCase(Locale.ROOT));

            assertThat(rows)
                    .extracting(r -> (String) r.get("factor_code"))
                    .as("%s", body)
                    .containsExactlyInAnyOrderElementsOf(inPreset);
        }
    }

    @Test
    void gb3838ValueClass_valuesAroundEveryLimit_equalAlertingClassOf() throws SQLException {
        List<Map<String, Object>> rows = db.query(
                "SELECT l.factor_code, l.water_body, coalesce(l.upper_limit, l.lower_limit)"
                        + " AS lim, l.lower_limit, m.decimals FROM gb3838_limit l JOIN metric m ON m.code = l.factor_code");
        int compared = 0;
        for (Map<String, Object> row : rows) {
            Factor factor = Gb3838.factorOf((String) row.get("factor_code")).orElseThrow();
            String body = (String) row.get("water_body");
            BigDecimal step = BigDecimal.ONE.movePointLeft((Integer) row.get("decimals"));
            for (BigDecimal limit : limitsOf(row)) {
                for (BigDecimal value : around(limit, step)) {
                    int javaClass = Gb3838.classOf(
                            factor, WaterBody.valueOf(body.toUpperCase(Locale.ROOT)), value.doubleValue());
                    Object sqlClass = db.value(
                            "SELECT gb3838_value_class(?, ?, ?::numeric)", factor.code(), body, value.toPlainString());
                    assertThat(sqlClass).as("%s %s %s", factor, body, value).isEqualTo(javaClass);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(400);
    }

    private static List<BigDecimal> limitsOf(Map<String, Object> row) {
        List<BigDecimal> limits = new ArrayList<>();
        limits.add((BigDecimal) row.get("lim"));
        if ("w01001".equals(row.get("factor_code"))) {
            limits.add((BigDecimal) row.get("lower_limit"));
        }
        return limits;
    }

    /** The limit, one rounding step and half a step (a tie) to either side, and a quarter step beyond. */
    private static List<BigDecimal> around(BigDecimal limit, BigDecimal step) {
        BigDecimal half = step.divide(BigDecimal.valueOf(2));
        BigDecimal quarter = step.divide(BigDecimal.valueOf(4));
        return List.of(
                limit,
                limit.add(step),
                limit.subtract(step),
                limit.add(half),
                limit.subtract(half),
                limit.add(half).add(quarter),
                limit.subtract(half).subtract(quarter));
    }
}
