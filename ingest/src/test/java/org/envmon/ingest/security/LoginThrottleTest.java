package org.envmon.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.envmon.ingest.testing.ManualClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final String ADDRESS = "203.0.113.7";

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), 1000, clock);

    @Test
    void attempt_upToTheLimit_blocksThatUserFromThatAddressOnly() {
        assertThat(throttle.attempt(ADDRESS, "ST01")).isEqualTo(LoginThrottle.Verdict.COUNTED);
        assertThat(throttle.attempt(ADDRESS, "ST01")).isEqualTo(LoginThrottle.Verdict.COUNTED);
        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isFalse();

        assertThat(throttle.attempt(ADDRESS, "ST01")).isEqualTo(LoginThrottle.Verdict.USER_BLOCKED);

        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isTrue();
        assertThat(throttle.isBlocked(ADDRESS, "ST02"))
                .as("a neighbour behind the same NAT")
                .isFalse();
        assertThat(throttle.isBlocked("198.51.100.1", "ST01"))
                .as("the station from elsewhere")
                .isFalse();
    }

    @Test
    void isBlocked_afterTheWindow_free() {
        for (int i = 0; i < 3; i++) {
            throttle.attempt(ADDRESS, "ST01");
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(throttle.isBlocked(ADDRESS, "ST01")).isFalse();
        assertThat(throttle.attempt(ADDRESS, "ST01"))
                .as("a new window starts counting at 1")
                .isEqualTo(LoginThrottle.Verdict.COUNTED);
    }

    @Test
    void attempt_sprayingManyUserNames_blocksTheAddress() {
        int limit = 3 * LoginThrottle.ADDRESS_FACTOR;
        for (int i = 1; i < limit; i++) {
            assertThat(throttle.attempt(ADDRESS, "CODE" + i)).isEqualTo(LoginThrottle.Verdict.COUNTED);
        }
        assertThat(throttle.isBlocked(ADDRESS, "ANY")).isFalse();

        assertThat(throttle.attempt(ADDRESS, "CODE" + limit)).isEqualTo(LoginThrottle.Verdict.ADDRESS_BLOCKED);

        assertThat(throttle.isBlocked(ADDRESS, "ANY")).isTrue();
    }

    @Test
    void attempt_manyAddresses_memoryStaysBoundedAndExpiredKeysAreSwept() {
        LoginThrottle small = new LoginThrottle(3, Duration.ofMinutes(1), 100, clock);
        for (int i = 0; i < 1000; i++) {
            small.attempt("10.0." + (i / 256) + "." + (i % 256), "ST01");
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(100);

        clock.advance(Duration.ofMinutes(1));
        small.attempt(ADDRESS, "ST01");
        small.attempt(ADDRESS, "ST01");
        small.attempt(ADDRESS, "ST01");

        assertThat(small.isBlocked(ADDRESS, "ST01"))
                .as("expired keys made room for new ones")
                .isTrue();
    }

    @Test
    void attempt_rightPasswordGivesItBack_onlyWrongOnesCount() {
        throttle.attempt(ADDRESS, "ST01");
        throttle.succeeded(ADDRESS, "ST01");
        throttle.attempt(ADDRESS, "ST01");
        throttle.succeeded(ADDRESS, "ST01");
        throttle.attempt(ADDRESS, "ST01");
        throttle.attempt(ADDRESS, "ST01");

        assertThat(throttle.isBlocked(ADDRESS, "ST01"))
                .as("two wrong, two right")
                .isFalse();
        assertThat(throttle.attempt(ADDRESS, "ST01")).isEqualTo(LoginThrottle.Verdict.USER_BLOCKED);
    }

    @Test
    void attempt_manyChecksAtOnce_blockedBeforeAnyAnswer() {
        for (int i = 0; i < 3; i++) {
            throttle.attempt(ADDRESS, "ST01");
        }

        assertThat(throttle.isBlocked(ADDRESS, "ST01"))
                .as("three guesses in flight, none answered yet")
                .isTrue();
    }

    @Test
    void attempt_oncePerWindow_expiredKeysSweptLongBeforeTheBound() {
        for (int i = 0; i < 500; i++) {
            throttle.attempt("10.1." + (i / 256) + "." + (i % 256), "ST01");
        }
        assertThat(throttle.tracked()).isEqualTo(1000);

        clock.advance(Duration.ofMinutes(1));
        throttle.attempt(ADDRESS, "ST01");

        assertThat(throttle.tracked()).as("only the new address and its user").isEqualTo(2);
    }
}
