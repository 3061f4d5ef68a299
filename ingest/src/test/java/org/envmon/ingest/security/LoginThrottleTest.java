package org.envmon.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final String ADDRESS = "203.0.113.7";

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), 1000, clock);

    @Test
    void failed_upToTheLimit_blocksThatUserFromThatAddressOnly() {
        assertThat(throttle.failed(ADDRESS, "ST01")).isEqualTo(LoginThrottle.Verdict.COUNTED);
        assertThat(throttle.failed(ADDRESS, "ST01")).isEqualTo(LoginThrottle.Verdict.COUNTED);
        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isFalse();

        assertThat(throttle.failed(ADDRESS, "ST01")).isEqualTo(LoginThrottle.Verdict.USER_BLOCKED);

        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isTrue();
        assertThat(throttle.isBlocked(ADDRESS, "ST02")).as("a neighbour behind the same NAT").isFalse();
        assertThat(throttle.isBlocked("198.51.100.1", "ST01")).as("the station from elsewhere").isFalse();
    }

    @Test
    void isBlocked_afterTheWindow_free() {
        for (int i = 0; i < 3; i++) {
            throttle.failed(ADDRESS, "ST01");
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isFalse();
        assertThat(throttle.failed(ADDRESS, "ST01")).as("a new window starts counting at 1")
                .isEqualTo(LoginThrottle.Verdict.COUNTED);
    }

    @Test
    void failed_sprayingManyUserNames_blocksTheAddress() {
        int limit = 3 * LoginThrottle.ADDRESS_FACTOR;
        for (int i = 1; i < limit; i++) {
            assertThat(throttle.failed(ADDRESS, "CODE" + i)).isEqualTo(LoginThrottle.Verdict.COUNTED);
        }
        assertThat(throttle.isBlocked(ADDRESS, "ANY")).isFalse();

        assertThat(throttle.failed(ADDRESS, "CODE" + limit)).isEqualTo(LoginThrottle.Verdict.ADDRESS_BLOCKED);

        assertThat(throttle.isBlocked(ADDRESS, "ANY")).isTrue();
    }

    @Test
    void failed_manyAddresses_memoryStaysBoundedAndExpiredKeysAreSwept() {
        LoginThrottle small = new LoginThrottle(3, Duration.ofMinutes(1), 100, clock);
        for (int i = 0; i < 1000; i++) {
            small.failed("10.0." + (i / 256) + "." + (i % 256), "ST01");
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(100);

        clock.advance(Duration.ofMinutes(1));
        small.failed(ADDRESS, "ST01");
        small.failed(ADDRESS, "ST01");
        small.failed(ADDRESS, "ST01");

        assertThat(small.isBlocked(ADDRESS, "ST01")).as("expired keys made room for new ones").isTrue();
    }
}
