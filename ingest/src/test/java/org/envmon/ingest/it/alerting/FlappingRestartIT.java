package org.envmon.ingest.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.envmon.ingest.it.alerting.AlertingFixture.WAIT;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flapping survives a restart: the engine rebuilds each series' flips of the flap window from the
 * stored alert events and its flapping state from the series' latest alert. Here a series flaps
 * when it fires or resolves more than twice within 30 minutes.
 */
class FlappingRestartIT {
    private static final String HIGH =
            "{id: nh3n-high, metric: w21003, condition: {above: 1.5}, clear: 1.3, routes: [ops]}";

    @TempDir
    Path dir;

    private AlertingFixture alerting;
    private Instant t0;
    private int station;

    @BeforeEach
    void setUp() throws Exception {
        alerting = AlertingFixture.create("flapping_restart", dir).flapping(2, Duration.ofMinutes(30));
        t0 = alerting.clock.instant();
        station = alerting.station("FL1");
        alerting.rules(HIGH);
        alerting.start();
    }

    @AfterEach
    void tearDown() {
        alerting.close();
    }

    private Instant minute(int m) {
        return t0.plusSeconds(60L * m);
    }

    private void awaitEvents(long count) {
        await().atMost(WAIT).until(() -> alerting.count("SELECT count(*) FROM alert_event") == count);
    }

    private long flappingEnded() throws Exception {
        return alerting.count("SELECT count(*) FROM alert_event WHERE kind = 'flapping_ended'");
    }

    @Test
    void restart_whileFlappingBetweenEpisodes_nextFiringQuietAndFlappingEndsAQuietWindowAfterTheLastFlip()
            throws Exception {
        alerting.feed(station, minute(-20), 2.0);
        alerting.feed(station, minute(-19), 1.0);
        alerting.feed(station, minute(-18), 2.0);
        alerting.feed(station, minute(-17), 1.0);
        // An episode opened while flapping: the latest alert at the restart.
        alerting.feed(station, minute(-16), 2.0);
        alerting.feed(station, minute(-15), 1.0);
        await().atMost(WAIT).until(() -> alerting.notified().size() == 4);
        awaitEvents(10);
        assertThat(alerting.announced()).containsExactly("firing", "resolved", "firing", "flapping");
        assertThat(alerting.notified()).containsExactlyInAnyOrder("firing", "resolved", "firing", "flapping");

        alerting.restart();
        alerting.clock.advance(Duration.ofSeconds(1));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> flappingEnded() == 0);
        alerting.feed(station, minute(-14), 2.0);

        awaitEvents(12);
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> alerting.notified().size() == 4);
        assertThat(alerting.texts("SELECT flapping::text FROM alert ORDER BY id DESC LIMIT 1"))
                .containsExactly("true");

        // 24 minutes after the last flip (minute -14) the series is still flapping...
        alerting.clock.advance(Duration.ofMinutes(10));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> flappingEnded() == 0);
        // ...and 31 minutes after it, it is stable.
        alerting.clock.advance(Duration.ofMinutes(7));
        await().atMost(WAIT).until(() -> alerting.notified().size() == 5);
        assertThat(alerting.notified().get(4)).isEqualTo("flapping_ended");
        assertThat(alerting.count(
                        "SELECT count(*) FROM alert_event WHERE kind = 'flapping_ended' AND at = ?",
                        Timestamp.from(alerting.clock.instant())))
                .isEqualTo(1);
    }

    @Test
    void restart_whileFiringAndFlapping_flappingDoesNotEndAtOnceAndTheResolveStaysQuiet() throws Exception {
        alerting.feed(station, minute(-20), 2.0);
        alerting.feed(station, minute(-19), 1.0);
        alerting.feed(station, minute(-18), 2.0);
        await().atMost(WAIT).until(() -> alerting.notified().size() == 4);

        alerting.restart();
        alerting.clock.advance(Duration.ofSeconds(1));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> flappingEnded() == 0);
        alerting.feed(station, minute(-17), 1.0);

        await().atMost(WAIT).until(() -> alerting.count("SELECT count(*) FROM alert WHERE state = 'resolved'") == 2);
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> alerting.notified().size() == 4);
        assertThat(flappingEnded()).isZero();
    }

    @Test
    void restart_flipsAtTheThreshold_countKeptSoTheNextFlipStartsFlapping() throws Exception {
        alerting.feed(station, minute(-20), 2.0);
        alerting.feed(station, minute(-19), 1.0);
        await().atMost(WAIT).until(() -> alerting.notified().size() == 2);
        awaitEvents(3);

        alerting.restart();
        alerting.feed(station, minute(-18), 2.0);

        await().atMost(WAIT).until(() -> alerting.notified().size() == 4);
        assertThat(alerting.announced()).containsExactly("firing", "resolved", "firing", "flapping");
        assertThat(alerting.texts("SELECT detail FROM alert_event WHERE kind = 'flapping'"))
                .singleElement()
                .asString()
                .startsWith("3 state changes within 30 min");
    }
}
