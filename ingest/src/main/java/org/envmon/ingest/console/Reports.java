package org.envmon.ingest.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the reports: river sections (monthly, or annual with each month's class), air stations'
 * good-day share, dust sites' exceedances and every station's transmission rate, in Chinese or
 * English.
 */
public final class Reports {
    public static final Set<String> KINDS = Set.of("sections", "air", "dust", "transmission");

    private final ReportQueries queries;
    private final ZoneId zone;

    public Reports(ReportQueries queries, ZoneId zone) {
        this.queries = queries;
        this.zone = zone;
    }

    public ReportTable build(String kind, ReportPeriod period, boolean chinese) throws SQLException {
        Texts t = new Texts(chinese);
        return switch (kind) {
            case "sections" -> sections(period, t);
            case "air" -> air(period, t);
            case "dust" -> dust(period, t);
            case "transmission" -> transmission(period, t);
            default -> throw new IllegalArgumentException("unknown report " + kind);
        };
    }

    private ReportTable sections(ReportPeriod period, Texts t) throws SQLException {
        List<String> headers = new ArrayList<>(List.of(
                t.of("断面编码", "Section code"),
                t.of("断面名称", "Section"),
                t.of("河流", "River"),
                t.of("乡镇", "Township"),
                t.of("目标类别", "Target class"),
                t.of("水质类别", "Class"),
                t.of("是否达标", "Target met"),
                t.of("主要超标因子", "Main exceeding factor"),
                t.of("超标倍数", "Exceedance (times)"),
                t.of("评价因子数", "Factors evaluated"),
                t.of("数据传输率(%)", "Transmission rate (%)")));
        Map<String, Map<String, Map<String, Object>>> months = new HashMap<>();
        List<String> monthLabels = new ArrayList<>();
        if (period.annual()) {
            for (int m = 1; m <= 12; m++) {
                monthLabels.add(period.label() + "-" + (m < 10 ? "0" : "") + m);
                headers.add(t.of(m + "月", period.label() + "-" + (m < 10 ? "0" : "") + m));
            }
            for (Map<String, Object> row : queries.sectionMonths(period.from(), period.to(), zone.getId())) {
                months.computeIfAbsent((String) row.get("code"), c -> new HashMap<>())
                        .put((String) row.get("month"), row);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> s : queries.sections(period.from(), period.to())) {
            List<String> row = new ArrayList<>(List.of(
                    text(s.get("code")),
                    text(s.get("name")),
                    text(s.get("river")),
                    text(s.get("township")),
                    classLabel(s.get("targetClass"), t),
                    s.get("classLabel") == null ? t.of("无数据", "no data") : t.waterClass((String) s.get("classLabel")),
                    s.get("targetMet") == null ? "" : (Boolean) s.get("targetMet") ? t.of("是", "yes") : t.of("否", "no"),
                    s.get("mainFactor") == null ? "" : s.get("mainFactorName") + " (" + s.get("mainFactor") + ")",
                    decimal(s.get("mainExceedance"), 2),
                    text(s.get("factorsEvaluated")),
                    percent(s.get("transmissionRate"))));
            for (String month : monthLabels) {
                Map<String, Object> m =
                        months.getOrDefault((String) s.get("code"), Map.of()).get(month);
                row.add(m == null ? "" : t.waterClass((String) m.get("classLabel")));
            }
            rows.add(row);
        }
        Map<String, Object> summary = queries.sectionSummary(period.from(), period.to());
        List<ReportTable.Headline> headlines = new ArrayList<>(List.of(
                new ReportTable.Headline(t.of("评价断面数", "Sections evaluated"), text(summary.get("sectionsEvaluated"))),
                new ReportTable.Headline(t.of("达标断面数", "Sections meeting target"), text(summary.get("sectionsMet"))),
                new ReportTable.Headline(
                        t.of("达标率", "Compliance rate"), percentWithSign(summary.get("complianceRate"))),
                new ReportTable.Headline(t.of("Ⅰ～Ⅲ类比例", "Share in I–III"), percentWithSign(summary.get("shareIIii"))),
                new ReportTable.Headline(
                        t.of("劣Ⅴ类比例", "Share worse than V"), percentWithSign(summary.get("shareWorseV")))));
        if (period.annual()) {
            for (Map<String, Object> m : queries.monthlyCompliance(period.from(), period.to(), zone.getId())) {
                headlines.add(new ReportTable.Headline(
                        t.of(m.get("month") + " 达标率", "Compliance " + m.get("month")),
                        percentWithSign(m.get("complianceRate"))));
            }
        }
        return new ReportTable(
                "sections",
                period.annual()
                        ? t.of("河流断面水质年报", "River sections: annual water quality")
                        : t.of("河流断面水质月报", "River sections: monthly water quality"),
                period.label(),
                headers,
                rows,
                headlines);
    }

    private ReportTable air(ReportPeriod period, Texts t) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> s : queries.air(period.from(), period.to(), zone.getId())) {
            rows.add(List.of(
                    text(s.get("code")),
                    text(s.get("name")),
                    text(s.get("township")),
                    text(s.get("validDays") == null ? 0 : s.get("validDays")),
                    text(s.get("goodDays") == null ? 0 : s.get("goodDays")),
                    percent(s.get("goodDayRate")),
                    percent(s.get("transmissionRate"))));
        }
        return new ReportTable(
                "air",
                t.of("空气质量优良天数", "Air quality: good days"),
                period.label(),
                List.of(
                        t.of("站点编码", "Station code"),
                        t.of("站点名称", "Station"),
                        t.of("乡镇", "Township"),
                        t.of("有效天数", "Valid days"),
                        t.of("优良天数", "Good days (AQI ≤ 100)"),
                        t.of("优良天数比例(%)", "Good-day share (%)"),
                        t.of("数据传输率(%)", "Transmission rate (%)")),
                rows,
                List.of());
    }

    private ReportTable dust(ReportPeriod period, Texts t) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> s : queries.dust(period.from(), period.to(), zone.getId())) {
            rows.add(List.of(
                    text(s.get("code")),
                    text(s.get("name")),
                    text(s.get("township")),
                    text(s.get("metricCode")),
                    text(s.get("limitValue")),
                    text(s.get("days")),
                    text(s.get("windows")),
                    text(s.get("exceedances")),
                    text(s.get("daysOverAllowance")),
                    text(s.get("maxWindowMean")),
                    percent(s.get("transmissionRate"))));
        }
        return new ReportTable(
                "dust",
                t.of("施工扬尘超标统计", "Construction dust: exceedances"),
                period.label(),
                List.of(
                        t.of("站点编码", "Site code"),
                        t.of("站点名称", "Site"),
                        t.of("乡镇", "Township"),
                        t.of("监测因子", "Factor"),
                        t.of("限值", "Limit"),
                        t.of("有数据天数", "Days with data"),
                        t.of("有效时段数", "Windows with data"),
                        t.of("超标时段数", "Windows over the limit"),
                        t.of("超出允许次数天数", "Days over the allowance"),
                        t.of("最大时段均值", "Highest window mean"),
                        t.of("数据传输率(%)", "Transmission rate (%)")),
                rows,
                List.of());
    }

    private ReportTable transmission(ReportPeriod period, Texts t) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> s : queries.transmission(period.from(), period.to())) {
            rows.add(List.of(
                    text(s.get("code")),
                    text(s.get("name")),
                    text(s.get("kind")),
                    text(s.get("expectedHours")),
                    text(s.get("receivedHours")),
                    percent(s.get("transmissionRate"))));
        }
        return new ReportTable(
                "transmission",
                t.of("数据传输率", "Data transmission rate"),
                period.label(),
                List.of(
                        t.of("站点编码", "Station code"),
                        t.of("站点名称", "Station"),
                        t.of("类型", "Kind"),
                        t.of("应传小时数", "Hours expected"),
                        t.of("实传小时数", "Hours received"),
                        t.of("数据传输率(%)", "Transmission rate (%)")),
                rows,
                List.of());
    }

    private static String classLabel(Object waterClass, Texts t) {
        if (waterClass == null) {
            return "";
        }
        int c = ((Number) waterClass).intValue();
        return t.waterClass(List.of("I", "II", "III", "IV", "V", "劣V").get(c - 1));
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    static String decimal(Object value, int places) {
        return value == null
                ? ""
                : new BigDecimal(value.toString())
                        .setScale(places, RoundingMode.HALF_EVEN)
                        .toPlainString();
    }

    /** A fraction as a percentage with one decimal, half-to-even: 0.8333 → 83.3. */
    static String percent(Object fraction) {
        return fraction == null
                ? ""
                : new BigDecimal(fraction.toString())
                        .movePointRight(2)
                        .setScale(1, RoundingMode.HALF_EVEN)
                        .toPlainString();
    }

    private static String percentWithSign(Object fraction) {
        return fraction == null ? "—" : percent(fraction) + " %";
    }

    /** The two languages' words. */
    private record Texts(boolean chinese) {
        String of(String zh, String en) {
            return chinese ? zh : en;
        }

        String waterClass(String label) {
            return chinese || !label.equals("劣V") ? label : "worse than V";
        }
    }
}
