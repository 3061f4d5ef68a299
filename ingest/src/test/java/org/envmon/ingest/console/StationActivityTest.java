package org.envmon.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.envmon.ingest.store.ReadingBatch;
import org.envmon.ingest.testing.ManualClock;
import org.junit.jupiter.api.Test;

class StationActivityTest {
    private final ManualClock clock = new ManualClock();
    private final StationActivity activity = new StationActivity(clock);

    private static ReadingBatch batch(int station, Instant... times) {
        ReadingBatch batch = new ReadingBatch(times.length);
        for (Instant time : times) {
            batch.add(time, station, (short) 1, 1.0, 'N');
        }
        return batch;
    }

    @Test
    void committed_keepsTheNewestReadingTimeAndTheArrival_perStation() {
        Instant older = clock.instant().minus(Duration.ofHours(2));
        Instant newer = clock.instant().minus(Duration.ofMinutes(1));

        activity.committed(batch(7, newer, older));

        assertThat(activity.seen(7)).hasValue(new StationActivity.Seen(newer, clock.instant()));
        assertThat(activity.seen(8)).isEmpty();
    }

    @Test
    void online_whileDataArrivedWithinTheWindow_offlineAfter() {
        activity.committed(batch(1, clock.instant()));

        clock.advance(StationActivity.ONLINE_WINDOW.minusSeconds(1));
        assertThat(activity.online(1)).isTrue();
        clock.advance(Duration.ofSeconds(2));

        assertThat(activity.online(1)).isFalse();
        assertThat(activity.online(2)).isFalse();
    }

    @Test
    void seed_olderThanWhatArrivedSince_doesNotWin() {
        Instant now = clock.instant();
        activity.committed(batch(3, now));

        activity.seed(Map.of(
                3, new StationActivity.Seen(now.minusSeconds(600), now.minusSeconds(600)),
                4, new StationActivity.Seen(now.minusSeconds(60), now.minusSeconds(60))));

        assertThat(activity.seen(3)).hasValue(new StationActivity.Seen(now, now));
        assertThat(activity.seen(4)).hasValue(new StationActivity.Seen(now.minusSeconds(60), now.minusSeconds(60)));
    }

    @Test
    void readingsPerSecond_isTheLastFullMinutesMean() {
        for (int second = 0; second < 60; second++) {
            activity.committed(batch(1, clock.instant(), clock.instant().plusMillis(1)));
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(activity.readingsPerSecond()).isEqualTo(2.0);
        clock.advance(Duration.ofMinutes(2));
        assertThat(activity.readingsPerSecond()).isZero();
    }
}
