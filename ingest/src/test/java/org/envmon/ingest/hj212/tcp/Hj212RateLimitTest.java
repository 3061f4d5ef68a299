package org.envmon.ingest.hj212.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.junit.jupiter.api.Test;

/** A station over limits.stationMessagesPerSecond on HJ 212: the excess frame is quarantined, unanswered, and the connection closed. */
class Hj212RateLimitTest {
    @Test
    void frames_overStationRate_excessQuarantinedAndConnectionClosed() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        EmbeddedChannel channel = Hj212PipelineFuzzTest.channel(queue, new SimpleMeterRegistry(), 1, 2);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        Random random = new Random(3);
        while (frames.size() == 0 || countFrames(frames.toByteArray()) < 3) {
            frames.writeBytes(Hj212PipelineFuzzTest.stream(random));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(frames.toByteArray()));
        List<IngestRequest> queued = queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        assertThat(queued).hasSize(3);
        assertThat(queued.get(2).rejections())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.RATE_LIMITED));
        assertThat(channel.isOpen())
                .as("open until the frames handed to storage are answered")
                .isTrue();

        for (IngestRequest request : queued.subList(0, 2)) {
            request.onDone().accept(WriteOutcome.committed(request.valueCount(), List.of()));
        }
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void frames_wrongPasswordForTheStation_doNotUseUpItsRate() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        EmbeddedChannel channel = Hj212PipelineFuzzTest.channel(queue, new SimpleMeterRegistry(), 1, 2);
        Instant time = Instant.parse("2026-03-01T07:59:00Z");
        for (int i = 0; i < 5; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(realTime("WRONG", time.minusSeconds(i))));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(realTime("123456", time)));

        List<IngestRequest> queued = queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        assertThat(queued).hasSize(6);
        assertThat(queued.subList(0, 5))
                .allSatisfy(request -> assertThat(request.rejections())
                        .singleElement()
                        .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.HJ212_PASSWORD_MISMATCH)));
        assertThat(queued.get(5).rejections())
                .as("the station's own frame, within its burst")
                .isEmpty();
        assertThat(queued.get(5).readings()).isNotEmpty();
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }

    private static byte[] realTime(String password, Instant time) {
        return Hj212TestFrames.frame("QN=20260301075900000;ST=21;CN=2011;PW=" + password + ";MN="
                + Hj212PipelineFuzzTest.MN + ";Flag=4;CP=&&DataTime=" + Hj212TestFrames.dataTime(time)
                + ";w01001-Rtd=7.1,w01001-Flag=N&&");
    }

    private static int countFrames(byte[] bytes) {
        int count = 0;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '#' && bytes[i + 1] == '#') {
                count++;
            }
        }
        return count;
    }
}
