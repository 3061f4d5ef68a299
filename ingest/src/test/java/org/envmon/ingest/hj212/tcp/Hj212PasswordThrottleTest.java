package org.envmon.ingest.hj212.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.junit.jupiter.api.Test;

/** Guessing a station's HJ 212 PW: after limits.failedLoginsPerMinute wrong ones, its frames are refused unchecked. */
class Hj212PasswordThrottleTest {
    private static final Instant TIME = Instant.parse("2026-03-01T07:59:00Z");

    private static byte[] realTime(String password, int secondsBefore) {
        return Hj212TestFrames.frame("QN=20260301075900000;ST=21;CN=2011;PW=" + password + ";MN="
                + Hj212PipelineFuzzTest.MN + ";Flag=4;CP=&&DataTime="
                + Hj212TestFrames.dataTime(TIME.minusSeconds(secondsBefore)) + ";w01001-Rtd=7.1,w01001-Flag=N&&");
    }

    @Test
    void frames_afterTooManyWrongPasswords_evenTheRightOneRefusedUncheckedAndConnectionClosed() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoginThrottle throttle = new LoginThrottle(
                3, Duration.ofMinutes(1), 1000, Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC));
        EmbeddedChannel guesser = Hj212PipelineFuzzTest.channel(queue, registry, 1_000_000, 1_000_000, throttle);
        for (int i = 0; i < 3; i++) {
            guesser.writeInbound(Unpooled.wrappedBuffer(realTime("GUESS" + i, i)));
        }
        List<IngestRequest> guesses = queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        assertThat(guesses)
                .hasSize(3)
                .allSatisfy(request -> assertThat(request.rejections())
                        .singleElement()
                        .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.HJ212_PASSWORD_MISMATCH)));
        assertThat(guesser.isOpen())
                .as("wrong PWs alone do not close the connection")
                .isTrue();

        EmbeddedChannel again = Hj212PipelineFuzzTest.channel(queue, registry, 1_000_000, 1_000_000, throttle);
        again.writeInbound(Unpooled.wrappedBuffer(realTime("123456", 10)));

        assertThat(queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO))
                .as("not even recorded")
                .isEmpty();
        assertThat(again.isOpen()).isFalse();
        assertThat(registry.get("envmon.connections.refused")
                        .tag("reason", "login_throttled")
                        .counter()
                        .count())
                .isEqualTo(1);
        guesser.finishAndReleaseAll();
        again.finishAndReleaseAll();
    }
}
