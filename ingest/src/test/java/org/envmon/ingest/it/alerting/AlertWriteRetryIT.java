package org.envmon.ingest.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.envmon.ingest.it.alerting.AlertingFixture.WAIT;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.envmon.alerting.AlertEngine;
import org.envmon.ingest.testing.StoppablePostgres;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert change the database does not take waits on the evaluation thread and is stored later, in
 * order: the alert and its notification arrive exactly once, whether the database refused the write
 * or could not be reached at all.
 */
class AlertWriteRetryIT {
    private static final String HIGH =
            "{id: nh3n-high, metric: w21003, condition: {above: 1.5}, clear: 1.3, routes: [ops]}";
    /** A trigger that refuses every alert event while the flag says so. */
    private static final String REFUSE_EVENTS = "CREATE TABLE test_refuse (refuse boolean NOT NULL);"
            + " INSERT INTO test_refuse VALUES (true);"
            + " CREATE FUNCTION test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN IF (SELECT refuse FROM test_refuse) THEN RAISE EXCEPTION 'alert events refused by the test';"
            + " END IF; RETURN NEW; END $$;"
            + " CREATE TRIGGER test_refuse_event BEFORE INSERT ON alert_event"
            + " FOR EACH ROW EXECUTE FUNCTION test_refuse_event()";

    @TempDir
    Path dir;

    private static Instant minute(AlertingFixture alerting, int m) {
        return alerting.clock.instant().plusSeconds(60L * m);
    }

    @Test
    void write_refusedByTheDatabase_retriedOnTicksThenAlertAndNotificationExactlyOnce() throws Exception {
        try (AlertingFixture alerting = AlertingFixture.create("write_retry", dir)) {
            int station = alerting.station("WR1");
            alerting.rules(HIGH);
            alerting.execute(REFUSE_EVENTS);
            AlertEngine engine = alerting.start();
            Instant breach = minute(alerting, -10);

            alerting.feed(station, breach, 2.0);
            await().atMost(WAIT).until(() -> engine.pendingWrites() == 2);
            assertThat(engine.writeFailures()).isEqualTo(1);
            assertThat(alerting.count("SELECT count(*) FROM alert")).isZero();

            alerting.clock.advance(Duration.ofSeconds(1));
            await().atMost(WAIT).until(() -> engine.writeFailures() == 2);
            assertThat(engine.writeRetries()).isEqualTo(1);
            assertThat(engine.pendingWrites()).isEqualTo(2);
            assertThat(alerting.hook.received()).isEmpty();

            alerting.execute("UPDATE test_refuse SET refuse = false");
            alerting.clock.advance(Duration.ofSeconds(2));
            await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
            await().atMost(WAIT).until(() -> engine.pendingWrites() == 0);
            alerting.feed(station, minute(alerting, -9), 1.0);

            await().atMost(WAIT).until(() -> alerting.notified().size() == 2);
            await().during(Duration.ofMillis(500))
                    .atMost(WAIT)
                    .until(() -> alerting.notified().size() == 2);
            assertThat(alerting.notified()).containsExactly("firing", "resolved");
            assertThat(alerting.count("SELECT count(*) FROM alert")).isEqualTo(1);
            assertThat(alerting.texts("SELECT kind FROM alert_event ORDER BY id"))
                    .containsExactly("pending", "firing", "resolved");
            assertThat(alerting.count(
                            "SELECT count(*) FROM alert_event WHERE kind = 'firing' AND at = ?",
                            Timestamp.from(breach)))
                    .isEqualTo(1);
            await().atMost(WAIT)
                    .until(() -> alerting.count("SELECT count(*) FROM notification WHERE status = 'sent'") == 2);
            assertThat(engine.writesGivenUp()).isZero();
        }
    }

    @Test
    void write_refusedForWholeEpisodes_storedLaterInOrderEachOnItsOwnAlert() throws Exception {
        try (AlertingFixture alerting = AlertingFixture.create("write_retry_order", dir)) {
            int station = alerting.station("WR3");
            alerting.rules(HIGH);
            alerting.execute(REFUSE_EVENTS);
            AlertEngine engine = alerting.start();

            alerting.feed(station, minute(alerting, -10), 2.0);
            alerting.feed(station, minute(alerting, -9), 1.0);
            alerting.feed(station, minute(alerting, -8), 2.5);
            await().atMost(WAIT).until(() -> engine.pendingWrites() == 5);
            assertThat(alerting.count("SELECT count(*) FROM alert")).isZero();

            alerting.execute("UPDATE test_refuse SET refuse = false");
            alerting.clock.advance(Duration.ofSeconds(1));
            await().atMost(WAIT).until(() -> engine.pendingWrites() == 0);
            alerting.feed(station, minute(alerting, -7), 1.0);

            await().atMost(WAIT).until(() -> alerting.notified().size() == 4);
            assertThat(alerting.announced()).containsExactly("firing", "resolved", "firing", "resolved");
            List<String> alerts = alerting.texts("SELECT alert_id::text FROM notification ORDER BY id");
            assertThat(alerts.get(0)).isEqualTo(alerts.get(1)).isNotEqualTo(alerts.get(2));
            assertThat(alerts.get(2)).isEqualTo(alerts.get(3));
            assertThat(alerting.hook.received())
                    .extracting(r -> r.json().path("notice").path("alertId").asText())
                    .containsExactlyInAnyOrderElementsOf(alerts);
            assertThat(alerting.texts("SELECT state FROM alert ORDER BY id")).containsExactly("resolved", "resolved");
            assertThat(alerting.texts("SELECT kind FROM alert_event ORDER BY id"))
                    .containsExactly("pending", "firing", "resolved", "pending", "firing", "resolved");
            assertThat(engine.writesGivenUp()).isZero();
        }
    }

    @Test
    void write_databaseStopped_changesWaitAndAreStoredOnceItIsBack() throws Exception {
        try (StoppablePostgres postgres = new StoppablePostgres();
                AlertingFixture alerting = AlertingFixture.on(
                        TestService.config(
                                postgres.jdbcUrl(),
                                Map.of(
                                        "ENVMON_DB_USER", "postgres",
                                        "ENVMON_DB_PASSWORD", "",
                                        "ENVMON_DB_CONNECT_TIMEOUT", "1s")),
                        dir)) {
            int station = alerting.station("WR2");
            alerting.metric();
            alerting.rules(HIGH);
            AlertEngine engine = alerting.start();

            postgres.stop();
            // A reading committed just before the outage reaches the engine after it began.
            alerting.offer(station, minute(alerting, -10), 2.0);
            await().atMost(WAIT).until(() -> engine.pendingWrites() == 2);
            alerting.clock.advance(Duration.ofSeconds(1));
            await().atMost(WAIT).until(() -> engine.writeFailures() >= 2);
            assertThat(engine.writeRetries()).isPositive();
            assertThat(engine.pendingWrites()).isEqualTo(2);
            assertThat(alerting.hook.received()).isEmpty();

            postgres.start();
            alerting.clock.advance(Duration.ofSeconds(30));

            await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
            await().atMost(WAIT).until(() -> engine.pendingWrites() == 0);
            await().during(Duration.ofMillis(500))
                    .atMost(WAIT)
                    .until(() -> alerting.notified().size() == 1);
            assertThat(alerting.notified()).containsExactly("firing");
            assertThat(alerting.texts("SELECT state FROM alert")).containsExactly("firing");
            assertThat(alerting.texts("SELECT kind FROM alert_event ORDER BY id"))
                    .containsExactly("pending", "firing");
            await().atMost(WAIT)
                    .until(() -> alerting.count("SELECT count(*) FROM notification WHERE status = 'sent'") == 1);
            assertThat(engine.writesGivenUp()).isZero();
        }
    }
}
