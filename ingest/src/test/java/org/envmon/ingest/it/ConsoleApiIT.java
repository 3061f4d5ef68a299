package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.account.Role;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.security.PasswordHash;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's API over real HTTP on a real database: stations and their status, maintenance with
 * its audit record, reports whose figures are computed by hand here (air good days, dust
 * exceedances, transmission rates), rejected messages for operators only, comments, and the event
 * stream that tells open pages of a change.
 */
class ConsoleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final HttpClient http = HttpClient.newHttpClient();
    private static TestService envmon;
    private static Login operator;
    private static Login viewer;
    private static Login admin;

    private record Login(String cookie, String csrf) {}

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start("console_api", Map.of());
        UserStore users = new UserStore(envmon.service().database().dataSource());
        users.add("zhang", Role.OPERATOR, PasswordHash.hash("operator-password-123", 1000));
        users.add("zhao", Role.VIEWER, PasswordHash.hash("viewer-password-1234", 1000));
        users.add("qian", Role.ADMIN, PasswordHash.hash("admin-password-12345", 1000));
        operator = login("zhang", "operator-password-123");
        viewer = login("zhao", "viewer-password-1234");
        admin = login("qian", "admin-password-12345");
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, Login as) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + envmon.service().httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (as != null) {
            request.header("Cookie", as.cookie()).header("X-CSRF-Token", as.csrf());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path, Login as) throws Exception {
        HttpResponse<String> response = send("GET", path, "", as);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Login login(String name, String password) throws Exception {
        HttpResponse<String> response =
                send("POST", "/api/session", JSON.writeValueAsString(Map.of("name", name, "password", password)), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return new Login(
                cookie.substring(0, cookie.indexOf(';')),
                JSON.readTree(response.body()).path("csrfToken").asText());
    }

    private static void station(String code, String kind) throws SQLException {
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO station (code, name, kind, created_at)"
                        + " VALUES (?, ?, ?, now() - interval '90 days')")) {
            s.setString(1, code);
            s.setString(2, "站点 " + code);
            s.setString(3, kind);
            s.executeUpdate();
        }
    }

    private static void readings(String station, String metric, Instant from, Duration step, double... values)
            throws SQLException {
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO reading (time, station_id, metric_id, value)"
                        + " SELECT ?, s.id, m.id, ? FROM station s, metric m WHERE s.code = ? AND m.code = ?")) {
            for (int i = 0; i < values.length; i++) {
                s.setTimestamp(1, Timestamp.from(from.plus(step.multipliedBy(i))));
                s.setDouble(2, values[i]);
                s.setString(3, station);
                s.setString(4, metric);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static double[] hourly(double value) {
        double[] values = new double[24];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static YearMonth lastMonth() {
        return YearMonth.from(LocalDate.now(ZONE)).minusMonths(1);
    }

    private static JsonNode row(JsonNode report, String code) {
        for (JsonNode row : report.path("rows")) {
            if (row.get(0).asText().equals(code)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + code + " in " + report);
    }

    @Test
    void airReport_goodDayShare_isComputedFromDailyAqi() throws Exception {
        station("AIR-1", "air");
        Instant day1 = lastMonth().atDay(3).atStartOfDay(ZONE).toInstant();
        Instant day2 = day1.plus(Duration.ofDays(1));
        // Day 1: PM2.5 30 (IAQI 43), PM10 60 (IAQI 55) → AQI 55, good. Day 2: PM2.5 120 → IAQI 157, not good.
        readings("AIR-1", "a34004", day1, Duration.ofHours(1), hourly(30));
        readings("AIR-1", "a34002", day1, Duration.ofHours(1), hourly(60));
        readings("AIR-1", "a34004", day2, Duration.ofHours(1), hourly(120));
        readings("AIR-1", "a34002", day2, Duration.ofHours(1), hourly(60));

        JsonNode report = get("/api/reports/air?period=" + lastMonth() + "&lang=en", operator);

        JsonNode row = row(report, "AIR-1");
        assertThat(row.get(3).asText()).isEqualTo("2");
        assertThat(row.get(4).asText()).isEqualTo("1");
        assertThat(row.get(5).asText()).isEqualTo("50.0");
        // 48 hours with data of the month's hours.
        assertThat(row.get(6).asText()).isEqualTo(percent(48, lastMonth().lengthOfMonth() * 24));
    }

    @Test
    void dustReport_countsWindowsOverTheLimit_andDaysOverTheAllowance() throws Exception {
        station("DUST-1", "dust_site");
        Instant start = lastMonth().atDay(5).atTime(9, 0).atZone(ZONE).toInstant();
        // Default rule: PM10 15-minute means over 80, two a day allowed. Windows: 70, 90, 85, 100.
        readings("DUST-1", "a34002", start, Duration.ofMinutes(15), 70, 90, 85, 100);

        JsonNode report = get("/api/reports/dust?period=" + lastMonth() + "&lang=zh", operator);

        JsonNode row = row(report, "DUST-1");
        assertThat(report.path("title").asText()).isEqualTo("施工扬尘超标统计");
        assertThat(row.get(3).asText()).isEqualTo("a34002");
        assertThat(row.get(5).asText()).isEqualTo("1");
        assertThat(row.get(6).asText()).isEqualTo("4");
        assertThat(row.get(7).asText()).isEqualTo("3");
        assertThat(row.get(8).asText()).isEqualTo("1");
        assertThat(new java.math.BigDecimal(row.get(9).asText())).isEqualByComparingTo("100");
    }

    @Test
    void annualSectionReport_hasEachMonthsClass_andTheYearsCompliance() throws Exception {
        station("SEC-Y", "river_section");
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement("UPDATE station SET target_class = 3 WHERE code = 'SEC-Y'")) {
            s.executeUpdate();
        }
        int year = LocalDate.now(ZONE).getYear() - 1;
        // NH3-N: March 0.4 (II), July 1.8 (V); the year's mean 1.1 is class IV, target III not met.
        readings("SEC-Y", "w21003", LocalDate.of(year, 3, 10).atStartOfDay(ZONE).toInstant(), Duration.ofHours(1), 0.4);
        readings("SEC-Y", "w21003", LocalDate.of(year, 7, 10).atStartOfDay(ZONE).toInstant(), Duration.ofHours(1), 1.8);

        JsonNode report = get("/api/reports/sections?period=" + year + "&lang=en", operator);

        JsonNode row = row(report, "SEC-Y");
        assertThat(report.path("headers").size()).isEqualTo(11 + 12);
        assertThat(row.get(5).asText()).isEqualTo("IV");
        assertThat(row.get(6).asText()).isEqualTo("no");
        assertThat(row.get(11 + 2).asText()).isEqualTo("II");
        assertThat(row.get(11 + 6).asText()).isEqualTo("V");
        assertThat(row.get(11).asText()).isEmpty();
        assertThat(report.path("headlines").toString()).contains("Compliance rate", "0.0 %");
    }

    @Test
    void reportFormats_csvAndPrintableHtml_andBadPeriodsAreRefused() throws Exception {
        HttpResponse<String> csv = send("GET", "/api/reports/transmission?period=2026-01&format=csv", "", viewer);
        HttpResponse<String> html = send("GET", "/api/reports/sections?period=2026-01&format=html", "", viewer);
        HttpResponse<String> bad = send("GET", "/api/reports/sections?period=2026-13", "", viewer);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"envmon-transmission-2026-01.csv\"");
        assertThat(csv.body()).startsWith("\uFEFF站点编码,站点名称,类型,应传小时数,实传小时数,数据传输率(%)\r\n");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<h1>河流断面水质月报</h1>", "<th>断面编码</th>");
        assertThat(html.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(p -> assertThat(p).contains("default-src 'none'"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("period must be a month (2026-11) or a year (2026)");
    }

    @Test
    void maintenance_byAnOperator_showsInTheStatusAndTheAudit_andAViewerIsRefused() throws Exception {
        station("MAINT-1", "outfall");

        HttpResponse<String> refused = send("POST", "/api/stations/MAINT-1/maintenance", "{\"on\": true}", viewer);
        HttpResponse<String> on =
                send("POST", "/api/stations/MAINT-1/maintenance", "{\"on\": true, \"note\": \"更换探头\"}", operator);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        JsonNode station = get("/api/stations/MAINT-1", viewer).path("station");
        assertThat(station.path("status").asText()).isEqualTo("maintenance");
        assertThat(station.path("maintenanceBy").asText()).isEqualTo("zhang");
        assertThat(get("/api/overview", viewer)
                        .path("stations")
                        .path("maintenance")
                        .asInt())
                .isGreaterThanOrEqualTo(1);
        assertThat(envmon.count("SELECT count(*) FROM console_audit WHERE user_name = 'zhang'"
                        + " AND action = 'maintenance on' AND target = 'MAINT-1' AND detail = '更换探头'"))
                .isEqualTo(1);

        send("POST", "/api/stations/MAINT-1/maintenance", "{\"on\": false}", operator);
        assertThat(get("/api/stations/MAINT-1", viewer)
                        .path("station")
                        .path("status")
                        .asText())
                .isEqualTo("offline");
    }

    @Test
    void stationDetail_latestValuesWithUnits_andASeries() throws Exception {
        station("SEC-LIVE", "river_section");
        Instant now = Instant.now().minus(Duration.ofMinutes(30));
        readings("SEC-LIVE", "w21003", now, Duration.ofMinutes(1), 0.3, 0.5);

        JsonNode detail = get("/api/stations/SEC-LIVE", viewer);
        JsonNode series = get("/api/stations/SEC-LIVE/series?metric=w21003&range=24h", viewer);

        JsonNode latest = detail.path("latest").get(0);
        assertThat(latest.path("metric").asText()).isEqualTo("w21003");
        assertThat(latest.path("value").asDouble()).isEqualTo(0.5);
        assertThat(latest.path("unit").asText()).isEqualTo("mg/L");
        assertThat(detail.path("sectionToday")
                        .path("factors")
                        .get(0)
                        .path("factorCode")
                        .asText())
                .isEqualTo("w21003");
        assertThat(series.path("points").size()).isBetween(1, 2);
        assertThat(send("GET", "/api/stations/SEC-LIVE/series?metric=w21003&range=1y", "", viewer)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/stations/NOPE", "", viewer).statusCode()).isEqualTo(404);
    }

    @Test
    void rejectedMessages_areForOperators_withRawTextAndHex() throws Exception {
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO rejected_message (received_at, station_code,"
                                + " transport, reason, detail, raw, raw_size) VALUES (now(), 'X1', 'mqtt', 'bad_json', 'x', ?, 2)")) {
            s.setBytes(1, "{x".getBytes(StandardCharsets.UTF_8));
            s.executeUpdate();
        }

        assertThat(send("GET", "/api/rejections", "", viewer).statusCode()).isEqualTo(403);
        JsonNode first = get("/api/rejections?reason=bad_json", operator)
                .path("rejections")
                .get(0);
        assertThat(first.path("rawText").asText()).isEqualTo("{x");
        assertThat(first.path("rawHex").asText()).isEqualTo("7b 78");
    }

    @Test
    void aComment_isInTheAlertsHistory_andOpenEventStreamsAreToldOfIt() throws Exception {
        station("EV-1", "outfall");
        long id = envmon.count("INSERT INTO alert (rule_id, station_id, severity, state, summary, started_at,"
                + " last_change_at) SELECT 'r', id, 'warning', 'firing', 'test', now(), now() FROM station"
                + " WHERE code = 'EV-1' RETURNING id");
        HttpRequest stream = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + envmon.service().httpPort() + "/api/events"))
                .header("Cookie", viewer.cookie())
                .build();
        HttpResponse<InputStream> events = http.send(stream, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> told = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                    if (line.equals("event: alerts")) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // The stream is open (its first line is written before the server shares it with the poller).
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("retry: 1000"));

        HttpResponse<String> comment =
                send("POST", "/api/alerts/" + id + "/comment", "{\"comment\": \"现场已处理\"}", operator);

        assertThat(comment.statusCode()).as(comment.body()).isEqualTo(200);
        JsonNode history = get("/api/alerts/" + id, viewer).path("events");
        assertThat(history.get(history.size() - 1).path("kind").asText()).isEqualTo("commented");
        assertThat(history.get(history.size() - 1).path("detail").asText()).isEqualTo("zhang: 现场已处理");
        told.get(10, TimeUnit.SECONDS);
        assertThat(lines).contains("event: alerts");
    }

    @Test
    void users_areManagedByAdmins_theGeneratedPasswordLogsIn_andNobodyLocksThemselvesOut() throws Exception {
        HttpResponse<String> byOperator =
                send("POST", "/api/users", "{\"name\": \"sun\", \"role\": \"viewer\"}", operator);
        HttpResponse<String> added = send("POST", "/api/users", "{\"name\": \"孙丽\", \"role\": \"viewer\"}", admin);
        HttpResponse<String> again = send("POST", "/api/users", "{\"name\": \"孙丽\", \"role\": \"admin\"}", admin);
        HttpResponse<String> badRole = send("POST", "/api/users", "{\"name\": \"li\", \"role\": \"boss\"}", admin);

        assertThat(byOperator.statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/users", "", operator).statusCode()).isEqualTo(403);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(badRole.body()).contains("role must be viewer, operator or admin");
        String password = JSON.readTree(added.body()).path("password").asText();
        Login sunLi = login("孙丽", password);
        assertThat(get("/api/session", sunLi).path("role").asText()).isEqualTo("viewer");

        HttpResponse<String> promoted = send(
                "POST",
                "/api/users/" + java.net.URLEncoder.encode("孙丽", StandardCharsets.UTF_8) + "/role",
                "{\"role\": \"operator\"}",
                admin);
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(get("/api/session", sunLi).path("role").asText()).isEqualTo("operator");
        assertThat(send("DELETE", "/api/users/qian", "", admin).statusCode()).isEqualTo(409);
        assertThat(send("POST", "/api/users/qian/role", "{\"role\": \"viewer\"}", admin)
                        .statusCode())
                .isEqualTo(409);
        assertThat(get("/api/users", admin).toString()).contains("\"name\":\"孙丽\"", "\"role\":\"operator\"");
        assertThat(envmon.count("SELECT count(*) FROM console_audit WHERE user_name = 'qian'"
                        + " AND action IN ('user added', 'role set') AND target = '孙丽'"))
                .isEqualTo(2);
        HttpResponse<String> removed =
                send("DELETE", "/api/users/" + java.net.URLEncoder.encode("孙丽", StandardCharsets.UTF_8), "", admin);
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/session", "", sunLi).statusCode()).isEqualTo(401);
    }

    private static String percent(int part, int whole) {
        return new java.math.BigDecimal(part)
                .divide(new java.math.BigDecimal(whole), 4, java.math.RoundingMode.HALF_EVEN)
                .movePointRight(2)
                .setScale(1, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
    }
}
