package org.envmon.ingest.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.envmon.ingest.it.alerting.AlertingFixture.WAIT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.envmon.alerting.input.ReadingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No-data rules meet a committed batch once per station (its last reading), not once per reading:
 * every station in the batch is heard from, a station missing from the later batches falls silent.
 */
class NoDataBatchIT {
    @TempDir
    Path dir;

    private AlertingFixture alerting;

    @BeforeEach
    void setUp() {
        alerting = AlertingFixture.create("no_data_batch", dir);
    }

    @AfterEach
    void tearDown() {
        alerting.close();
    }

    private ReadingEvent reading(int station, Instant time, double value) throws Exception {
        return new ReadingEvent(station, alerting.metric(), time, value, 'N');
    }

    @Test
    void batches_stationsHeardOncePerBatch_onlyTheOneLeftOutFiresAndItsNextReadingResolves() throws Exception {
        int heard = alerting.station("ND1");
        int leftOut = alerting.station("ND2");
        alerting.rules("{id: silent, condition: {noData: 10m}, routes: [ops]}");
        alerting.start();
        Instant t0 = alerting.clock.instant();

        alerting.evaluate(List.of(
                reading(heard, t0, 1.0),
                reading(leftOut, t0, 1.0),
                reading(heard, t0.plusSeconds(1), 1.1),
                reading(heard, t0.plusSeconds(2), 1.2)));
        alerting.clock.advance(Duration.ofMinutes(9));
        alerting.evaluate(List.of(reading(heard, t0.plusSeconds(540), 1.3), reading(heard, t0.plusSeconds(541), 1.4)));
        alerting.clock.advance(Duration.ofMinutes(2));

        await().atMost(WAIT).until(() -> alerting.notified().size() == 1);
        alerting.engine().offer(List.of(reading(leftOut, t0.plusSeconds(660), 2.5)));

        await().atMost(WAIT).until(() -> alerting.notified().size() == 2);
        assertThat(alerting.notified()).containsExactly("firing", "resolved");
        assertThat(alerting.hook.received())
                .extracting(r -> r.json().path("notice").path("stationCode").asText())
                .containsOnly("ND2");
        assertThat(alerting.hook
                        .received()
                        .get(1)
                        .json()
                        .path("notice")
                        .path("value")
                        .asDouble())
                .isEqualTo(2.5);
        assertThat(alerting.count("SELECT count(*) FROM alert WHERE station_id = ?", heard))
                .isZero();
    }
}
