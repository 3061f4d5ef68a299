package org.envmon.ingest.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.envmon.ingest.it.alerting.AlertingFixture.WAIT;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What installing a rule set promises, at start and at a reload, through the engine on a real
 * PostgreSQL: open alerts and today's exceedance counts come back from the database, windows from a
 * silent replay of stored readings, no-data series are armed from each station's last arrival; a
 * changed rule keeps its open alert, a removed rule's open alert is resolved without a notification.
 */
class RuleInstallerIT {
    private static final String HIGH =
            "{id: nh3n-high, metric: w21003, condition: {above: 1.5}, clear: 1.3, routes: [ops]}";

    @TempDir
    Path dir;

    private AlertingFixture alerting;
    private Instant t0;

    @BeforeEach
    void setUp() {
        alerting = AlertingFixture.create("rule_installer", dir);
        t0 = alerting.clock.instant();
    }

    @AfterEach
    void tearDown() {
        alerting.close();
    }

    private Instant minute(int m) {
        return t0.plusSeconds(60L * m);
    }

    private JsonNode notice(int index) {
        return alerting.hook.received().get(index).json().path("notice");
    }

    @Test
    void restart_openAlert_restoredSoABreachOpensNothingNewAndTheClearResolvesIt() throws Exception {
        int station = alerting.station("RI1");
        alerting.rules(HIGH);
        alerting.start();
        alerting.feed(station, minute(-10), 2.0);
        await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
        long id = alerting.count("SELECT id FROM alert");

        alerting.restart();
        alerting.feed(station, minute(-9), 2.5);
        alerting.feed(station, minute(-8), 1.0);

        await().atMost(WAIT).until(() -> alerting.notified().size() == 2);
        assertThat(alerting.notified()).containsExactly("firing", "resolved");
        assertThat(notice(1).path("alertId").asLong()).isEqualTo(id);
        assertThat(notice(1).path("value").asDouble()).isEqualTo(1.0);
        assertThat(alerting.count("SELECT count(*) FROM alert")).isEqualTo(1);
        assertThat(alerting.texts("SELECT kind FROM alert_event ORDER BY id"))
                .containsExactly("pending", "firing", "resolved");
    }

    @Test
    void restart_allowedExceedanceToday_countCarriesOverSoTheNextExceedanceFires() throws Exception {
        int station = alerting.station("RI2");
        alerting.rules("{id: nh3n-allowance, metric: w21003, condition: {above: 1.5}, clear: 1.3,"
                + " allowedPerDay: 1, routes: [ops]}");
        alerting.start();
        alerting.feed(station, minute(-30), 2.0);
        alerting.feed(station, minute(-29), 1.0);
        await().atMost(WAIT).until(() -> alerting.count("SELECT count(*) FROM alert_event") == 3);
        assertThat(alerting.texts("SELECT kind FROM alert_event ORDER BY id"))
                .containsExactly("pending", "allowed", "resolved");
        assertThat(alerting.hook.received()).isEmpty();

        alerting.restart();
        alerting.feed(station, minute(-20), 2.0);

        await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
        assertThat(alerting.notified()).containsExactly("firing");
        assertThat(alerting.texts("SELECT exceedance_no::text FROM alert ORDER BY id"))
                .containsExactly("1", "2");
    }

    @Test
    void start_windowRule_windowRebuiltFromTheStoredReadings() throws Exception {
        int station = alerting.station("RI3");
        alerting.rules("{id: nh3n-mean, metric: w21003, condition: {above: 1.5}, window: 30m, routes: [ops]}");
        // Readings a previous run stored: they pull the 30-minute mean down.
        alerting.store(station, minute(-20), 1.0);
        alerting.store(station, minute(-15), 1.0);
        alerting.start();

        alerting.feed(station, minute(-10), 2.0);
        alerting.feed(station, minute(-5), 2.5);

        await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
        // (1 + 1 + 2 + 2.5) / 4: only with the stored readings in the window; alone 2.0 would have fired.
        assertThat(notice(0).path("value").asDouble()).isEqualTo(1.625);
        assertThat(alerting.count(
                        "SELECT count(*) FROM alert_event WHERE kind = 'firing' AND at = ?",
                        Timestamp.from(minute(-5))))
                .isEqualTo(1);
    }

    @Test
    void start_noDataRule_stationArmedFromItsLastStoredArrival() throws Exception {
        int station = alerting.station("RI4");
        alerting.rules("{id: station-silent, condition: {noData: 10m}, routes: [ops]}");
        alerting.store(station, minute(-8), 1.0);
        alerting.start();

        alerting.clock.advance(Duration.ofMinutes(3));

        await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
        assertThat(alerting.notified()).containsExactly("firing");
        assertThat(notice(0).path("detail").asText()).isEqualTo("no data since " + minute(-8));
        assertThat(notice(0).path("stationCode").asText()).isEqualTo("RI4");
    }

    @Test
    void reload_changedRule_keepsItsOpenAlertUnderTheNewClearLevel() throws Exception {
        int station = alerting.station("RI5");
        alerting.rules(HIGH);
        alerting.start();
        alerting.feed(station, minute(-10), 2.0);
        await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
        long id = alerting.count("SELECT id FROM alert");

        alerting.rules("{id: nh3n-high, metric: w21003, condition: {above: 1.5}, clear: 1.0, routes: [ops]}");
        alerting.reload();
        alerting.feed(station, minute(-9), 1.2);
        alerting.feed(station, minute(-8), 0.9);

        await().atMost(WAIT).until(() -> alerting.notified().size() == 2);
        assertThat(alerting.notified()).containsExactly("firing", "resolved");
        assertThat(notice(1).path("alertId").asLong()).isEqualTo(id);
        assertThat(notice(1).path("value").asDouble())
                .as("1.2 clears only under the old rule")
                .isEqualTo(0.9);
        assertThat(alerting.count("SELECT count(*) FROM alert")).isEqualTo(1);
    }

    @Test
    void reload_removedRule_openAlertResolvedWithoutNotificationAndKeptRuleUntouched() throws Exception {
        int station = alerting.station("RI6");
        String veryHigh = "{id: nh3n-very-high, metric: w21003, condition: {above: 3}, routes: [ops]}";
        alerting.rules(HIGH, veryHigh);
        alerting.start();
        alerting.feed(station, minute(-10), 3.5);
        await().atMost(WAIT).until(() -> alerting.notified().size() == 2);
        long removedId = alerting.count("SELECT id FROM alert WHERE rule_id = 'nh3n-very-high'");

        alerting.rules(HIGH);
        alerting.reload();

        await().atMost(WAIT)
                .until(() -> alerting.count("SELECT count(*) FROM alert WHERE id = ? AND state = 'resolved'", removedId)
                        == 1);
        assertThat(alerting.texts("SELECT detail FROM alert_event WHERE alert_id = ? AND kind = 'resolved'", removedId))
                .containsExactly("rule removed from the rules file");
        assertThat(alerting.count("SELECT count(*) FROM notification WHERE alert_id = ?", removedId))
                .isEqualTo(1);
        assertThat(alerting.texts("SELECT state FROM alert WHERE rule_id = 'nh3n-high'"))
                .containsExactly("firing");

        alerting.feed(station, minute(-9), 1.0);
        await().atMost(WAIT).until(() -> alerting.notified().size() == 3);
        assertThat(notice(2).path("event").asText()).isEqualTo("resolved");
        assertThat(notice(2).path("ruleId").asText()).isEqualTo("nh3n-high");
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> alerting.notified().size() == 3);
    }
}
