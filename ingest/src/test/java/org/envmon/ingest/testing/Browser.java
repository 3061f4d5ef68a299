package org.envmon.ingest.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium driven by Selenium, from the Debian packages {@code chromium} and
 * {@code chromium-driver} (paths overridable with ENVMON_TEST_CHROMIUM and ENVMON_TEST_CHROMEDRIVER).
 * Where they are missing, browser tests are reported as skipped with the reason, never as passed;
 * with ENVMON_TEST_REQUIRE_BROWSER=true (CI) they fail instead.
 */
public final class Browser {
    private static final Logger log = LoggerFactory.getLogger(Browser.class);

    private Browser() {}

    public static ChromeDriver start() {
        Path chromium = Path.of(env("ENVMON_TEST_CHROMIUM", "/usr/bin/chromium"));
        Path driver = Path.of(env("ENVMON_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
        Optional<String> missing = !Files.isExecutable(chromium)
                ? Optional.of(chromium.toString())
                : !Files.isExecutable(driver) ? Optional.of(driver.toString()) : Optional.empty();
        if (missing.isPresent()) {
            String reason = "browser tests need " + missing.get() + " (apt-get install chromium chromium-driver)";
            if (Boolean.parseBoolean(env("ENVMON_TEST_REQUIRE_BROWSER", "false"))) {
                throw new IllegalStateException(reason + ", and ENVMON_TEST_REQUIRE_BROWSER is set");
            }
            log.warn("SKIPPED: {}", reason);
            Assumptions.abort(reason);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        log.info(
                "Browser tests run in headless {} through {}",
                browser.getCapabilities().getBrowserVersion(),
                driver);
        return browser;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
