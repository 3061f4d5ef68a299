package org.envmon.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.envmon.dashboards.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Single values against GB 3838-2002 (STANDARDS.md §2), each case computed by hand. */
class Gb3838ValueFunctionsIT {
    private static MigratedDatabase db;

    @BeforeAll
    static void migrate() {
        db = MigratedDatabase.create("gb3838_values");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> class {3}")
    @CsvSource({
        // DO: higher is better; 7.45 rounds half-to-even to 7.4, short of class I's 7.5
        "w01009, river, 7.5,    1",
        "w01009, river, 7.45,   2",
        "w01009, river, 5.0,    3",
        "w01009, river, 2.96,   4",
        "w01009, river, 1.9,    6",
        // pH: 6–9 after rounding to 0 decimals; 5.5 rounds to 6 (even), 8.5 to 8, 9.5 to 10
        "w01001, river, 6.0,    1",
        "w01001, river, 9.0,    1",
        "w01001, river, 5.5,    1",
        "w01001, river, 8.5,    1",
        "w01001, river, 5.4,    6",
        "w01001, river, 9.5,    6",
        // TP: rivers and lakes have different limits
        "w21011, river, 0.15,   3",
        "w21011, lake,  0.15,   5",
        "w21011, river, 0.2005, 3",
        "w21011, river, 0.2015, 4",
        "w21011, lake,  0.0505, 3",
        // NH3-N at the V limit: 2.005 -> 2.00 (V), 2.015 -> 2.02 (劣V)
        "w21003, river, 2.005,  5",
        "w21003, river, 2.015,  6",
        "w21003, river, 0.15,   1",
        // COD: classes I and II share 15, so 15 is class I
        "w01018, river, 15,     1",
        "w01018, river, 15.04,  1",
        "w01018, river, 15.06,  3",
        // TN is evaluated for lakes only
        "w21001, lake,  0.5,    2",
    })
    void gb3838ValueClass_handComputedCases_expectedClass(String factor, String body, String value, int expected)
            throws SQLException {
        Object cls = db.value("SELECT gb3838_value_class(?, ?, ?::numeric)", factor, body, value);

        assertThat(((Number) cls).intValue()).isEqualTo(expected);
    }

    @Test
    void gb3838ValueClass_totalNitrogenOnRiver_isNotEvaluated() throws SQLException {
        assertThat(db.value("SELECT gb3838_value_class('w21001', 'river', 5.0)"))
                .isNull();
    }

    @ParameterizedTest(name = "round_half_even({0}, {1}) = {2}")
    @CsvSource({
        "2.5, 0, 2",
        "3.5, 0, 4",
        "-2.5, 0, -2",
        "0.125, 2, 0.12",
        "0.135, 2, 0.14",
        "2.675, 2, 2.68",
        "1.2345, 3, 1.234",
        "7.46, 1, 7.5"
    })
    void roundHalfEven_ties_goToEvenNeighbour(String value, int places, String expected) throws SQLException {
        Object rounded = db.value("SELECT round_half_even(?::numeric, ?)", value, places);

        assertThat((BigDecimal) rounded).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} against {2} -> {3}")
    @CsvSource({
        "w21003, 2.3,  3, 1.3", // the bulletin example NH3-N/1.3
        "w01009, 4.0,  3, 0.2", // DO: (5 − 4) ÷ 5
        "w01001, 9.6,  3, 1", // pH 9.6 -> 10: one unit above 9
        "w21011, 0.25, 3, 0.25", // TP river III limit 0.2
    })
    void gb3838Exceedance_valueWorseThanTarget_multipleOverTargetLimit(
            String factor, String value, int target, String expected) throws SQLException {
        Object multiple =
                db.value("SELECT gb3838_exceedance(?, 'river', ?::numeric, ?::smallint)", factor, value, target);

        assertThat((BigDecimal) multiple).isEqualByComparingTo(expected);
    }

    @Test
    void gb3838Exceedance_valueMeetsTarget_isNull() throws SQLException {
        assertThat(db.value("SELECT gb3838_exceedance('w21003', 'river', 1.0, 3::smallint)"))
                .isNull();
        assertThat(db.value("SELECT gb3838_exceedance('w01009', 'river', 5.0, 3::smallint)"))
                .isNull();
    }

    @Test
    void gb3838ClassLabel_allClasses_romanAndWorseThanV() throws SQLException {
        assertThat(
                        db.value(
                                "SELECT string_agg(gb3838_class_label(c::smallint), ',' ORDER BY c) FROM generate_series(1, 6) c"))
                .isEqualTo("I,II,III,IV,V,劣V");
    }
}
