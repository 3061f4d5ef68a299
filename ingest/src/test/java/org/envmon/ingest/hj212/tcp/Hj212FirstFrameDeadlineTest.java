package org.envmon.ingest.hj212.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.pipeline.IngestQueue;
import org.junit.jupiter.api.Test;

/** Slowloris on HJ 212: bytes that never make a frame keep the idle timer quiet, the first-frame deadline does not. */
class Hj212FirstFrameDeadlineTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = Hj212PipelineFuzzTest.channel(new IngestQueue(1 << 20), registry);

    private void advanceSeconds(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runPendingTasks();
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    @Test
    void connection_bytesTrickleWithoutAFrame_closedAtFirstFrameDeadline() {
        send("##0");
        for (int second = 10; second < Hj212PipelineFuzzTest.FIRST_FRAME.toSeconds(); second += 10) {
            advanceSeconds(10);
            assertThat(channel.isOpen()).as("open at %d s", second).isTrue();
            send("1");
        }
        advanceSeconds(10);
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.get("envmon.connections.deadline.missed").counter().count())
                .isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void connection_completeFrameInTime_staysOpenPastTheDeadline() {
        send(new String(Hj212PipelineFuzzTest.stream(new java.util.Random(1)), StandardCharsets.UTF_8));
        advanceSeconds(Hj212PipelineFuzzTest.FIRST_FRAME.toSeconds() + 5);
        assertThat(channel.isOpen()).isTrue();
        assertThat(registry.find("envmon.connections.deadline.missed").counter())
                .isNull();
        channel.finishAndReleaseAll();
    }
}
