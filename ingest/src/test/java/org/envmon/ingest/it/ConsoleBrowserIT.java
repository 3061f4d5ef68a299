package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Browser;
import org.envmon.ingest.testing.Cli;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff console in headless Chromium against a real service with a rules file: accounts made
 * with {@code envmon users add}, login, a refused password, the stations and a firing alert raised
 * from MQTT data, an acknowledgement recorded under the user, a viewer's read-only view, a new alert
 * appearing live, the notification's link, the monthly section report's CSV, Chinese and English.
 */
class ConsoleBrowserIT {
    private static final Logger log = LoggerFactory.getLogger(ConsoleBrowserIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String CONSOLE_URL = "https://envmon.county.example/";
    private static final List<String> SECTIONS = List.of("QS-UP", "QS-DOWN", "QS-TRIB");

    private static Path rules;
    private static WebhookReceiver hook;
    private static TestService envmon;
    private static WebDriver browser;
    private static String base;
    private static final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        hook = new WebhookReceiver("ok");
        rules = Files.createTempFile("console-rules", ".yaml");
        Files.writeString(
                rules,
                "notifiers:\n"
                        + "  - {id: ops, type: webhook, url: '" + hook.url("/hook") + "'}\n"
                        + "rules:\n"
                        + "  - {id: nh3n-high, metric: w21003, condition: {above: 1.5}, clear: 1.3,"
                        + " severity: critical, routes: [ops]}\n");
        Map<String, String> database = Cli.database("console_browser");
        for (String[] user :
                List.of(new String[] {"liwei", "operator"}, new String[] {"wangfang", "viewer"}, new String[] {
                    "chenjing", "admin"
                })) {
            Cli.Result added = Cli.run(database, "users", "add", user[0], "--role", user[1], "--csv");
            assertThat(added.exit()).as(added.err()).isZero();
            passwords.put(user[0], added.out().lines().toList().get(1).substring(user[0].length() + 1));
        }
        envmon = TestService.startOn(
                database.get("ENVMON_DB_URL"),
                Map.of(
                        "ENVMON_ALERT_RULES",
                        rules.toString(),
                        "ENVMON_ALERTING_RELOAD_INTERVAL",
                        "200ms",
                        "ENVMON_HTTP_CONSOLE_URL",
                        CONSOLE_URL));
        base = "http://127.0.0.1:" + envmon.service().httpPort() + "/";
        seedSections();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (envmon != null) {
            envmon.close();
        }
        if (hook != null) {
            hook.close();
        }
        if (rules != null) {
            Files.deleteIfExists(rules);
        }
    }

    @BeforeEach
    void freshBrowser() {
        browser.get(base);
        browser.manage().deleteAllCookies();
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
        browser.get(base);
    }

    /** Three river sections, target III; last month's NH3-N: 0.45 (II), 1.20 (IV), none. */
    private static void seedSections() throws SQLException {
        Instant day = lastMonth().atDay(10).atTime(12, 0).atZone(ZONE).toInstant();
        try (Connection c = envmon.connect()) {
            for (int i = 0; i < SECTIONS.size(); i++) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO station (code, name, kind, river, township,"
                        + " lat, lon, target_class, created_at) VALUES (?, ?, 'river_section', '清水河', '城关镇', ?, ?, 3,"
                        + " now() - interval '90 days')")) {
                    s.setString(1, SECTIONS.get(i));
                    s.setString(2, List.of("清水河上游", "清水河下游", "支流汇入口").get(i));
                    s.setDouble(3, 30.60 + i * 0.02);
                    s.setDouble(4, 104.06 + i * 0.03);
                    s.executeUpdate();
                }
            }
            reading(c, "QS-UP", day, 0.40);
            reading(c, "QS-UP", day.plusSeconds(3600), 0.50);
            reading(c, "QS-DOWN", day, 1.10);
            reading(c, "QS-DOWN", day.plusSeconds(3600), 1.30);
        }
    }

    private static void reading(Connection c, String station, Instant time, double value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO reading (time, station_id, metric_id, value)"
                + " SELECT ?, s.id, m.id, ? FROM station s, metric m WHERE s.code = ? AND m.code = 'w21003'")) {
            s.setTimestamp(1, Timestamp.from(time));
            s.setDouble(2, value);
            s.setString(3, station);
            s.executeUpdate();
        }
    }

    private static YearMonth lastMonth() {
        return YearMonth.from(LocalDate.now(ZONE)).minusMonths(1);
    }

    private static int sequence;

    /** Publishes NH3-N over the rule's 1.5 at {@code station} and waits for the firing alert's id. */
    private static long firingAlert(String station) throws Exception {
        MqttClient client = new MqttClient(envmon.mqttUri(), "console-" + sequence++, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        client.connect(options);
        client.publish(
                "stations/" + station + "/readings",
                Payloads.utf8("{\"ts\":\"" + Payloads.recent(sequence) + "\",\"values\":{\"w21003\":1.95}}"),
                1,
                false);
        client.disconnect();
        client.close();
        await().atMost(WAIT)
                .until(() -> envmon.count(
                                "SELECT count(*) FROM alert a JOIN station s ON s.id = a.station_id"
                                        + " WHERE s.code = ? AND a.state = 'firing'",
                                station)
                        == 1);
        return envmon.count(
                "SELECT a.id FROM alert a JOIN station s ON s.id = a.station_id WHERE s.code = ? AND a.state = 'firing'",
                station);
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    private static void login(String name, String password) {
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
        browser.findElement(By.id("login-name")).clear();
        browser.findElement(By.id("login-name")).sendKeys(name);
        browser.findElement(By.id("login-password")).clear();
        browser.findElement(By.id("login-password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    private static void loggedInAs(String name) {
        login(name, passwords.get(name));
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "in"));
    }

    private static WebElement alertRow(long id) {
        return waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-alert='" + id + "']")));
    }

    @Test
    void wrongPassword_isRefusedInChinese_andTheLoginFormStays() {
        login("liwei", "not-the-password");

        waiting().until(ExpectedConditions.textToBe(By.id("login-error"), "用户名或密码错误"));
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-state"))
                .isEqualTo("login");
    }

    @Test
    void operator_seesTheStationsAndAFiringAlert_acknowledgesIt_andTheAckIsRecordedWithTheUser() throws Exception {
        long id = firingAlert("QS-UP");
        loggedInAs("liwei");

        WebElement stations = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("stations")));
        for (String code : SECTIONS) {
            assertThat(stations.findElement(By.cssSelector("tr[data-station='" + code + "']"))
                            .getText())
                    .contains(code);
        }
        long openCritical =
                envmon.count("SELECT count(*) FROM alert WHERE severity = 'critical' AND state <> 'resolved'");
        assertThat(browser.findElement(By.cssSelector("#open-critical .figure-value"))
                        .getText())
                .isEqualTo(String.valueOf(openCritical));
        browser.findElement(By.cssSelector("nav a[data-nav='alerts']")).click();
        WebElement row = alertRow(id);
        assertThat(row.getText()).contains("QS-UP", "触发中");
        row.findElement(By.className("ack-comment")).sendKeys("已派人现场核查");
        row.findElement(By.cssSelector("button.ack")).click();

        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("tr[data-alert='" + id + "'] td.acked"), "liwei"));
        assertThat(envmon.count(
                        "SELECT count(*) FROM alert WHERE id = ? AND acked_by = 'liwei'"
                                + " AND ack_comment = '已派人现场核查'",
                        id))
                .isEqualTo(1);
        assertThat(envmon.count(
                        "SELECT count(*) FROM console_audit WHERE user_name = 'liwei' AND action = ?",
                        "POST /api/alerts/" + id + "/ack"))
                .isEqualTo(1);
    }

    @Test
    void viewer_seesAlerts_butIsOfferedNoAcknowledgementAndNoRejectedMessages() throws Exception {
        long id = firingAlert("QS-DOWN");
        loggedInAs("wangfang");
        browser.get(base + "#/alerts");

        assertThat(alertRow(id).getText()).contains("QS-DOWN");
        assertThat(browser.findElements(By.cssSelector("button.ack"))).isEmpty();
        assertThat(browser.findElement(By.id("viewer-note")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector("nav a[data-nav='rejections']"))
                        .isDisplayed())
                .isFalse();
    }

    @Test
    void aNewAlert_appearsOnTheOpenAlertsPage_withoutAReload() throws Exception {
        loggedInAs("liwei");
        browser.get(base + "#/alerts");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("alerts")));
        ((JavascriptExecutor) browser).executeScript("window.stillTheSamePage = true");

        long id = firingAlert("QS-TRIB");

        assertThat(alertRow(id).getText()).contains("QS-TRIB");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.stillTheSamePage"))
                .isEqualTo(true);
    }

    @Test
    void theNotificationsLink_opensTheAlertsPageWithItsHistory() throws Exception {
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO station (code, name, kind) VALUES ('LINK-1', '城东排污口', 'outfall')")) {
            s.executeUpdate();
        }
        long id = firingAlert("LINK-1");
        await().atMost(WAIT)
                .until(() -> hook.received().stream()
                        .anyMatch(r -> r.json().path("notice").path("alertId").asLong() == id));
        String link = hook.received().stream()
                .filter(r -> r.json().path("notice").path("alertId").asLong() == id)
                .findFirst()
                .orElseThrow()
                .json()
                .path("notice")
                .path("link")
                .asText();
        assertThat(link).isEqualTo(CONSOLE_URL + "#/alerts/" + id);

        loggedInAs("liwei");
        browser.get(base + link.substring(CONSOLE_URL.length()));

        WebElement history = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("history")));
        assertThat(history.findElement(By.cssSelector("tr[data-event='firing']"))
                        .getText())
                .contains("触发");
        assertThat(browser.findElement(By.id("alert-state")).getText()).contains("LINK-1");
    }

    @Test
    void monthlySectionReport_tableAndCsv_haveEverySectionWithHandComputedClasses() {
        loggedInAs("liwei");
        browser.get(base + "#/reports");
        WebElement table = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("report-table")));
        assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(SECTIONS.size());
        assertThat(browser.findElement(By.cssSelector("dl.headlines")).getText())
                .contains("达标率", "50.0 %");

        String href = browser.findElement(By.id("report-csv")).getAttribute("href");
        // The bytes as the browser downloads them: a UTF-8 byte order mark (for Excel), then the text.
        List<?> download = (List<?>) ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + " fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer())"
                                + ".then(b => done([Array.from(new Uint8Array(b, 0, 3)),"
                                + " new TextDecoder().decode(b)]));",
                        href);

        assertThat(download.get(0)).isEqualTo(List.of(0xEFL, 0xBBL, 0xBFL));
        List<String> lines = ((String) download.get(1)).lines().toList();
        assertThat(lines).hasSize(1 + SECTIONS.size());
        assertThat(lines.get(0)).startsWith("断面编码,断面名称,河流,乡镇,目标类别,水质类别,是否达标");
        int hours = lastMonth().lengthOfMonth() * 24;
        String twoHours = new BigDecimal(2)
                .divide(new BigDecimal(hours), 4, RoundingMode.HALF_EVEN)
                .movePointRight(2)
                .setScale(1, RoundingMode.HALF_EVEN)
                .toPlainString();
        assertThat(lines)
                .contains(
                        "QS-UP,清水河上游,清水河,城关镇,III,II,是,,,1," + twoHours,
                        "QS-DOWN,清水河下游,清水河,城关镇,III,IV,否,氨氮 (w21003),0.20,1," + twoHours);
        assertThat(lines.stream().filter(l -> l.startsWith("QS-TRIB,")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains(",无数据,"));
    }

    /**
     * First load on a county office line (2 Mbit/s, 100 ms round trips, empty cache): every asset
     * comes from the service itself, compressed. The times are logged for docs/benchmarks.md, not
     * asserted.
     */
    @Test
    void firstLoad_fetchesOnlyTheServicesOwnCompressedAssets() {
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        chrome.executeCdpCommand(
                "Network.emulateNetworkConditions",
                Map.of(
                        "offline",
                        false,
                        "latency",
                        100,
                        "downloadThroughput",
                        2_000_000 / 8,
                        "uploadThroughput",
                        1_000_000 / 8));
        try {
            browser.get(base);
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> resources = (List<Map<String, Object>>) ((JavascriptExecutor) browser)
                    .executeScript("return performance.getEntriesByType('resource').map(r => ({name: r.name,"
                            + " encoded: r.encodedBodySize, decoded: r.decodedBodySize, transfer: r.transferSize}))");
            Map<?, ?> navigation = (Map<?, ?>) ((JavascriptExecutor) browser)
                    .executeScript("const n = performance.getEntriesByType('navigation')[0];"
                            + " return {transfer: n.transferSize, load: n.loadEventEnd,"
                            + " ready: n.domContentLoadedEventEnd};");
            long transferred = ((Number) navigation.get("transfer")).longValue()
                    + resources.stream()
                            .mapToLong(r -> ((Number) r.get("transfer")).longValue())
                            .sum();

            assertThat(resources)
                    .extracting(r -> ((String) r.get("name")).replace(base, ""))
                    .contains("console.css", "console.js", "views.js", "texts.js", "draw.js")
                    .allSatisfy(name -> assertThat(name).doesNotContain("://"));
            assertThat(resources)
                    .filteredOn(r -> ((String) r.get("name")).matches(".*\\.(js|css)$"))
                    .allSatisfy(r -> assertThat(((Number) r.get("encoded")).longValue())
                            .isLessThan(((Number) r.get("decoded")).longValue()));
            log.info(
                    "Console first load at 2 Mbit/s, 100 ms RTT, empty cache: {} bytes transferred, DOM ready"
                            + " {} ms, load {} ms",
                    transferred,
                    Math.round(((Number) navigation.get("ready")).doubleValue()),
                    Math.round(((Number) navigation.get("load")).doubleValue()));
        } finally {
            chrome.executeCdpCommand(
                    "Network.emulateNetworkConditions",
                    Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
            chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        }
    }

    @Test
    void admin_addsAUserOnTheUsersPage_seesThePasswordOnce_andItLogsIn() throws Exception {
        loggedInAs("chenjing");
        browser.get(base + "#/users");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));
        browser.findElement(By.id("user-name-new")).sendKeys("zhouqiang");
        new Select(browser.findElement(By.id("user-role-new"))).selectByValue("viewer");
        browser.findElement(By.id("user-add")).click();

        WebElement once = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("password-once")));
        String password = once.findElement(By.tagName("code")).getText();
        assertThat(once.getText()).startsWith("zhouqiang 的密码");
        assertThat(browser.findElement(By.cssSelector("tr[data-user='zhouqiang']"))
                        .getText())
                .contains("zhouqiang");
        assertThat(browser.findElements(By.cssSelector("tr[data-user='chenjing'] button.user-remove")))
                .as("no removing oneself")
                .isEmpty();

        browser.findElement(By.id("logout")).click();
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "login"));
        login("zhouqiang", password);
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "in"));
        assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("zhouqiang (viewer)");
        assertThat(browser.findElement(By.cssSelector("nav a[data-nav='users']"))
                        .isDisplayed())
                .isFalse();
    }

    @Test
    void stationPage_latestValuesChartsAndTodaysClass_andAnOperatorSetsMaintenance() throws Exception {
        try (Connection c = envmon.connect()) {
            Instant now = Instant.now();
            reading(c, "QS-UP", now.minus(Duration.ofMinutes(50)), 0.30);
            reading(c, "QS-UP", now.minus(Duration.ofMinutes(20)), 0.60);
        }
        loggedInAs("liwei");
        browser.get(base + "#/stations/QS-UP");

        WebElement latest = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("latest")));
        assertThat(latest.findElement(By.cssSelector("tr[data-metric='w21003']"))
                        .getText())
                .contains("氨氮", "0.60", "mg/L", "N");
        // Today's mean of 0.30 and 0.60 is 0.45: class II, target III met.
        assertThat(browser.findElement(By.id("section-today")).getText()).contains("II", "III");
        WebElement chart = waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#charts figure[data-metric='w21003'] svg.chart")));
        assertThat(chart.findElements(By.cssSelector("polyline.line"))).hasSize(1);

        browser.findElement(By.id("maintenance-note")).sendKeys("更换氨氮电极");
        browser.findElement(By.id("maintenance-toggle")).click();

        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), "维护中"));
        assertThat(envmon.count("SELECT count(*) FROM station WHERE code = 'QS-UP' AND maintenance_by = 'liwei'"
                        + " AND maintenance_note = '更换氨氮电极'"))
                .isEqualTo(1);
        browser.findElement(By.id("maintenance-toggle")).click();
        // The readings went into the database directly, not through ingest: the station is not seen online.
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), "离线"));
    }

    @Test
    void rejectedMessagesAndChanges_showForAnOperator() throws Exception {
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO rejected_message (received_at, station_code,"
                        + " transport, reason, detail, raw, raw_size) VALUES (now(), 'QS-UP', 'mqtt', 'bad_json',"
                        + " 'not JSON', ?, 3)")) {
            s.setBytes(1, new byte[] {'{', 'x', (byte) 0xFF});
            s.executeUpdate();
        }
        loggedInAs("liwei");
        browser.get(base + "#/rejections");

        WebElement row =
                waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#rejections tbody tr")));
        assertThat(row.getText()).contains("QS-UP", "mqtt", "bad_json", "not JSON");
        row.findElement(By.tagName("summary")).click();
        assertThat(row.findElement(By.cssSelector("pre.hex")).getText()).isEqualTo("7b 78 ff");
        assertThat(row.findElements(By.cssSelector("pre.raw")))
                .as("not UTF-8: no text")
                .isEmpty();

        browser.findElement(By.cssSelector("nav a[data-nav='audit']")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("audit")));
    }

    @Test
    void texts_areChineseByDefault_andEnglishAfterSwitching() {
        loggedInAs("liwei");
        WebElement overview = browser.findElement(By.cssSelector("nav a[data-nav='overview']"));
        assertThat(overview.getText()).isEqualTo("总览");

        browser.findElement(By.id("language")).click();

        waiting().until(ExpectedConditions.textToBe(By.cssSelector("nav a[data-nav='overview']"), "Overview"));
        assertThat(browser.findElement(By.cssSelector("nav a[data-nav='alerts']"))
                        .getText())
                .isEqualTo("Alerts");
        assertThat(browser.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Overview");
    }
}
