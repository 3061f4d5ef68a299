package org.envmon.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.envmon.ingest.testing.ManualClock;
import org.junit.jupiter.api.Test;

class StationRateLimiterTest {
    private final ManualClock clock = new ManualClock();

    @Test
    void tryAcquire_burstUsedUp_refusedUntilTokensRefill() {
        StationRateLimiter limiter = new StationRateLimiter(2, 3, clock);
        assertThat(limiter.tryAcquire("ST01")).isTrue();
        assertThat(limiter.tryAcquire("ST01")).isTrue();
        assertThat(limiter.tryAcquire("ST01")).isTrue();
        assertThat(limiter.tryAcquire("ST01")).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire("ST01")).isTrue();
        assertThat(limiter.tryAcquire("ST01")).isFalse();
    }

    @Test
    void tryAcquire_oneStationOverItsRate_otherStationsUnaffected() {
        StationRateLimiter limiter = new StationRateLimiter(1, 1, clock);
        assertThat(limiter.tryAcquire("ST01")).isTrue();
        assertThat(limiter.tryAcquire("ST01")).isFalse();
        assertThat(limiter.tryAcquire("ST02")).isTrue();
    }

    @Test
    void tryAcquire_longSilence_refillsOnlyUpToTheBurst() {
        StationRateLimiter limiter = new StationRateLimiter(10, 2, clock);
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquire("ST01")).isTrue();
        assertThat(limiter.tryAcquire("ST01")).isTrue();
        assertThat(limiter.tryAcquire("ST01")).isFalse();
    }

    @Test
    void tryAcquire_inventedCodes_tableStaysBoundedAndLimitedStationsStayLimited() {
        StationRateLimiter limiter = new StationRateLimiter(1, 2, clock, 100);
        assertThat(limiter.tryAcquire("REAL")).isTrue();
        assertThat(limiter.tryAcquire("REAL")).isTrue();
        assertThat(limiter.tryAcquire("REAL")).isFalse();

        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("FAKE" + i);
        }

        assertThat(limiter.tracked()).isLessThanOrEqualTo(100);
        assertThat(limiter.tryAcquire("REAL"))
                .as("a station over its rate keeps its empty bucket")
                .isFalse();
    }

    @Test
    void tryAcquire_tableFullOfIdleBuckets_fullOnesMakeRoomForNewStations() {
        StationRateLimiter limiter = new StationRateLimiter(1, 2, clock, 100);
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("OLD" + i);
        }
        clock.advance(Duration.ofSeconds(2));

        assertThat(limiter.tryAcquire("NEW")).isTrue();
        assertThat(limiter.tryAcquire("NEW")).isTrue();
        assertThat(limiter.tryAcquire("NEW"))
                .as("the new station is counted, not waved through")
                .isFalse();
        assertThat(limiter.tracked()).isLessThanOrEqualTo(100);
    }
}
