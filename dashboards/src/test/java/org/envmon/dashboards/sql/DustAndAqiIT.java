package org.envmon.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.envmon.dashboards.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dust window means and exceedances, and HJ 633 AQI, on hand-computed days (Asia/Shanghai). */
class DustAndAqiIT {
    private static MigratedDatabase db;
    private static int site1;
    private static int site2;
    private static int air;

    @BeforeAll
    static void seed() throws SQLException {
        db = MigratedDatabase.create("dust_aqi");
        // Site 1, default rule (PM10 15-min mean > 80, 2 a day allowed), 2024-06-01:
        // 10:00 (70+90)/2 = 80 no; 10:15 (80+81)/2 = 80.5 -> 80 half-to-even, no;
        // 10:30 110 yes; 10:45 85 yes; 11:00 only a C-flagged 90, no window; 11:15 81 yes -> 3 > 2.
        site1 = db.station("S1", "dust_site", null, null, "river");
        db.reading(site1, "a34002", "2024-06-01T10:00+08:00", 70);
        db.reading(site1, "a34002", "2024-06-01T10:14:59+08:00", 90);
        db.reading(site1, "a34002", "2024-06-01T10:15+08:00", 80);
        db.reading(site1, "a34002", "2024-06-01T10:20+08:00", 81);
        db.reading(site1, "a34002", "2024-06-01T10:30+08:00", 100);
        db.reading(site1, "a34002", "2024-06-01T10:35+08:00", 120);
        db.reading(site1, "a34002", "2024-06-01T10:45+08:00", 85);
        db.reading(site1, "a34002", "2024-06-01T11:00+08:00", 90, "C");
        db.reading(site1, "a34002", "2024-06-01T11:15+08:00", 81);
        // Site 2, own rule: TSP hourly mean > 300, none allowed. 09:00 (350+260)/2 = 305 -> exceeded.
        site2 = db.station("S2", "dust_site", null, null, "river");
        db.update(
                "INSERT INTO dust_limit (station_id, metric_code, window_minutes, limit_value, allowed_per_day)"
                        + " VALUES (?, 'a34001', 60, 300, 0)",
                site2);
        db.reading(site2, "a34001", "2024-06-01T09:10+08:00", 350);
        db.reading(site2, "a34001", "2024-06-01T09:40+08:00", 260);
        db.reading(site2, "a34002", "2024-06-01T09:10+08:00", 500);
        // AQI at site 1: 2 June, 24 hours of PM2.5 80 and PM10 100; 3 June, 24 hours of PM2.5 30 and
        // PM10 60; 4 June, only 10 hours (not a valid day).
        for (int h = 0; h < 24; h++) {
            String hour = String.format("T%02d:00+08:00", h);
            db.reading(site1, "a34004", "2024-06-02" + hour, 80);
            db.reading(site1, "a34002", "2024-06-02" + hour, 100);
            db.reading(site1, "a34004", "2024-06-03" + hour, 30);
            db.reading(site1, "a34002", "2024-06-03" + hour, 60);
            if (h < 10) {
                db.reading(site1, "a34004", "2024-06-04" + hour, 200);
            }
        }
        // An air station with gases, 5 and 6 June, 24 hours each: PM2.5 20, PM10 40, SO2 10, NO2 60,
        // CO 1.2; O3 60 until 08:00, then 180 (5 June) or 900 (6 June).
        air = db.station("A1", "air", null, null, "river");
        for (String day : List.of("2024-06-05", "2024-06-06")) {
            for (int h = 0; h < 24; h++) {
                String time = day + String.format("T%02d:00+08:00", h);
                db.reading(air, "a34004", time, 20);
                db.reading(air, "a34002", time, 40);
                db.reading(air, "a21026", time, 10);
                db.reading(air, "a21004", time, 60);
                db.reading(air, "a21005", time, 1.2);
                db.reading(air, "a05024", time, h < 8 ? 60 : day.endsWith("05") ? 180 : 900);
            }
        }
    }

    @Test
    void dustWindows_defaultRule_meansRoundedHalfEvenAndFlagsExcluded() throws SQLException {
        List<Map<String, Object>> rows = db.query(
                "SELECT mean_value, exceeded FROM dust_windows("
                        + "'2024-06-01T00:00+08:00', '2024-06-02T00:00+08:00', ARRAY[?]) ORDER BY window_start",
                site1);

        assertThat(rows)
                .extracting(r -> ((BigDecimal) r.get("mean_value")).intValue())
                .containsExactly(80, 80, 110, 85, 81);
        assertThat(rows).extracting(r -> r.get("exceeded")).containsExactly(false, false, true, true, true);
    }

    @Test
    void dustDaily_threeExceedancesTwoAllowed_overAllowance() throws SQLException {
        Map<String, Object> row = db.one(
                "SELECT * FROM dust_daily('2024-06-01T00:00+08:00'," + " '2024-06-02T00:00+08:00', ARRAY[?])", site1);

        assertThat(row.get("day")).hasToString("2024-06-01");
        assertThat(row.get("windows")).isEqualTo(5L);
        assertThat(row.get("exceedances")).isEqualTo(3L);
        assertThat(row.get("allowed_per_day")).isEqualTo(2);
        assertThat(row.get("over_allowance")).isEqualTo(true);
        assertThat((BigDecimal) row.get("max_window_mean")).isEqualByComparingTo("110");
    }

    @Test
    void dustDaily_siteRule_ownMetricWindowAndLimit() throws SQLException {
        Map<String, Object> row = db.one(
                "SELECT * FROM dust_daily('2024-06-01T00:00+08:00'," + " '2024-06-02T00:00+08:00', ARRAY[?])", site2);

        assertThat(row.get("metric_code")).isEqualTo("a34001");
        assertThat(row.get("windows")).isEqualTo(1L);
        assertThat(row.get("exceedances")).isEqualTo(1L);
        assertThat(row.get("over_allowance")).isEqualTo(true);
        assertThat((BigDecimal) row.get("limit_value")).isEqualByComparingTo("300");
    }

    @ParameterizedTest(name = "IAQI {0} at {1} = {2}")
    @CsvSource({
        "a34004, 0, 0",
        "a34004, 35, 50",
        "a34004, 75, 100",
        "a34004, 80, 107",
        "a34004, 30, 43",
        "a34004, 600, 500",
        "a34002, 160, 105",
        "a34002, 51, 51",
        "a34002, 60, 55"
    })
    void aqiIaqi_breakpoints_linearAndRoundedUp(String metric, String concentration, int expected) throws SQLException {
        assertThat(db.value("SELECT aqi_iaqi(?, ?::numeric)", metric, concentration))
                .isEqualTo(expected);
    }

    @CsvSource({
        "a21026, 24h, 10, 10",
        "a21004, 24h, 60, 75",
        "a21005, 24h, 1.2, 30",
        "a21005, 24h, 14, 150",
        "a05024, 1h, 180, 75",
        "a05024, 8h, 180, 119",
        "a05024, 8h, 800, 300",
        "a05024, 1h, 900, 350"
    })
    @ParameterizedTest
    void aqiIaqi_gasesAndOzone_theirOwnBreakpointsPerAveragingPeriod(
            String metric, String averaging, String concentration, int expected) throws SQLException {
        assertThat(db.value("SELECT aqi_iaqi(?, ?::numeric, ?)", metric, concentration, averaging))
                .isEqualTo(expected);
    }

    @Test
    void aqiDaily_everyPollutantCounts_ozoneEightHoursAbove800GivesWayToOneHour() throws SQLException {
        List<Map<String, Object>> rows = db.query(
                "SELECT * FROM aqi_daily('2024-06-05T00:00+08:00', '2024-06-07T00:00+08:00', ARRAY[?]) ORDER BY day",
                air);

        assertThat(rows).hasSize(2);
        // 5 June: IAQI PM2.5 29, PM10 40, SO2 10, NO2 75, CO 30, O3 1-hour 75, O3 8-hour 180 -> 119.
        assertThat(rows.get(0))
                .containsEntry("aqi", 119)
                .containsEntry("primary_pollutant", "O3_8h")
                .containsEntry("category", "轻度污染")
                .containsEntry("good", false);
        assertThat(((BigDecimal) rows.get(0).get("no2"))).isEqualByComparingTo("60");
        assertThat(((BigDecimal) rows.get(0).get("co"))).isEqualByComparingTo("1.2");
        assertThat(((BigDecimal) rows.get(0).get("o3_1h"))).isEqualByComparingTo("180");
        assertThat(((BigDecimal) rows.get(0).get("o3_8h"))).isEqualByComparingTo("180");
        // 6 June: O3 8-hour 900 is past the table: the 1-hour 900 stands for it, IAQI 350.
        assertThat(rows.get(1))
                .containsEntry("aqi", 350)
                .containsEntry("primary_pollutant", "O3_1h")
                .containsEntry("category", "严重污染");
    }

    @Test
    void aqiIaqi_metricWithoutBreakpoints_isNull() throws SQLException {
        assertThat(db.value("SELECT aqi_iaqi('a34001', 100)")).isNull();
    }

    @Test
    void aqiDaily_validDays_aqiPrimaryPollutantAndCategory() throws SQLException {
        List<Map<String, Object>> rows = db.query(
                "SELECT * FROM aqi_daily('2024-06-01T00:00+08:00',"
                        + " '2024-06-05T00:00+08:00', ARRAY[?]) ORDER BY day",
                site1);

        assertThat(rows)
                .extracting(r -> r.get("day"))
                .extracting(Object::toString)
                .containsExactly(
                        LocalDate.of(2024, 6, 2).toString(),
                        LocalDate.of(2024, 6, 3).toString());
        assertThat(rows.get(0))
                .containsEntry("aqi", 107)
                .containsEntry("primary_pollutant", "PM2.5")
                .containsEntry("category", "轻度污染")
                .containsEntry("good", false);
        assertThat(rows.get(1))
                .containsEntry("aqi", 55)
                .containsEntry("primary_pollutant", "PM10")
                .containsEntry("category", "良")
                .containsEntry("good", true);
    }

    @Test
    void aqiGoodDayRate_oneGoodOfTwoValidDays_half() throws SQLException {
        Map<String, Object> row = db.one(
                "SELECT * FROM aqi_good_day_rate('2024-06-01T00:00+08:00'," + " '2024-06-05T00:00+08:00', ARRAY[?])",
                site1);

        assertThat(row).containsEntry("valid_days", 2L).containsEntry("good_days", 1L);
        assertThat((BigDecimal) row.get("good_day_rate")).isEqualByComparingTo("0.5");
    }
}
