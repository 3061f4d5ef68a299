package org.envmon.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.envmon.ingest.account.Role;
import org.envmon.ingest.testing.ManualClock;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final ManualClock clock = new ManualClock();
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), 3, 2, clock);

    @Test
    void open_thenFind_sameUserRoleAndTokens_idAndCsrfTokenRandomAndDifferent() {
        Sessions.Session s = sessions.open("liwei", Role.OPERATOR, "hash");

        assertThat(sessions.find(s.id())).hasValueSatisfying(found -> {
            assertThat(found.user()).isEqualTo("liwei");
            assertThat(found.role()).isEqualTo(Role.OPERATOR);
            assertThat(found.csrfToken()).isEqualTo(s.csrfToken());
        });
        assertThat(s.id()).hasSize(43).isNotEqualTo(s.csrfToken());
        assertThat(sessions.open("liwei", Role.OPERATOR, "hash").id()).isNotEqualTo(s.id());
        assertThat(sessions.find("made-up")).isEmpty();
    }

    @Test
    void find_idleLongerThanTheTimeout_gone_butEachRequestKeepsItOpen() {
        Sessions.Session busy = sessions.open("busy", Role.VIEWER, "hash");
        Sessions.Session idle = sessions.open("idle", Role.VIEWER, "hash");

        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(busy.id())).isPresent();
        clock.advance(Duration.ofMinutes(20));

        assertThat(sessions.find(busy.id())).as("last request 20 min ago").isPresent();
        assertThat(sessions.find(idle.id())).as("idle 40 min").isEmpty();
    }

    @Test
    void peek_seesAnOpenSession_butDoesNotKeepItOpen() {
        Sessions.Session watched = sessions.open("watched", Role.VIEWER, "hash");

        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.peek(watched.id())).isPresent();
        clock.advance(Duration.ofMinutes(20));

        assertThat(sessions.peek(watched.id()))
                .as("only looked at, idle 40 min")
                .isEmpty();
        assertThat(sessions.find(watched.id())).isEmpty();
    }

    @Test
    void open_atTheLimit_theSessionIdleLongestMakesRoom() {
        Sessions.Session first = sessions.open("a", Role.VIEWER, "hash");
        clock.advance(Duration.ofMinutes(1));
        Sessions.Session second = sessions.open("b", Role.VIEWER, "hash");
        clock.advance(Duration.ofMinutes(1));
        Sessions.Session third = sessions.open("c", Role.VIEWER, "hash");
        clock.advance(Duration.ofMinutes(1));
        sessions.find(first.id());

        Sessions.Session fourth = sessions.open("d", Role.ADMIN, "hash");

        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.find(second.id())).isEmpty();
        assertThat(sessions.find(first.id())).isPresent();
        assertThat(sessions.find(third.id())).isPresent();
        assertThat(sessions.find(fourth.id())).isPresent();
    }

    @Test
    void close_logsOut() {
        Sessions.Session s = sessions.open("liwei", Role.OPERATOR, "hash");
        sessions.close(s.id());
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void open_aUserAtTheirLimit_closesTheirIdlestSessionOnly() {
        Sessions.Session other = sessions.open("other", Role.VIEWER, "hash");
        Sessions.Session first = sessions.open("liwei", Role.OPERATOR, "hash");
        clock.advance(Duration.ofMinutes(1));
        Sessions.Session second = sessions.open("liwei", Role.OPERATOR, "hash");
        clock.advance(Duration.ofMinutes(1));

        Sessions.Session third = sessions.open("liwei", Role.OPERATOR, "hash");

        assertThat(sessions.find(first.id())).isEmpty();
        assertThat(sessions.find(second.id())).isPresent();
        assertThat(sessions.find(third.id())).isPresent();
        assertThat(sessions.find(other.id())).isPresent();
    }

    @Test
    void find_pastTheMaximumLifetime_goneHoweverBusy() {
        Sessions.Session s = sessions.open("liwei", Role.OPERATOR, "hash");
        for (int i = 0; i < 47; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.find(s.id())).as("after %d min", 15 * (i + 1)).isPresent();
        }

        clock.advance(Duration.ofMinutes(15));

        assertThat(sessions.find(s.id())).as("12 h after the login").isEmpty();
    }
}
