package org.envmon.ingest.hj212.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.junit.jupiter.api.Test;

/** hj212.oneStationPerConnection (the default): a connection belongs to the MN of its first frame. */
class Hj212StationBindingTest {
    private static final String OTHER_MN = "010000A8900016F000169DC1";

    @Test
    void frame_namingAnotherMnThanTheFirst_refusedMnMismatchAndNotAnswered() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        EmbeddedChannel channel = Hj212PipelineFuzzTest.channel(queue, new SimpleMeterRegistry());
        channel.writeInbound(
                Unpooled.wrappedBuffer(Hj212TestFrames.frame(Hj212PipelineFuzzTest.segment(Hj212PipelineFuzzTest.MN))));
        channel.writeInbound(Unpooled.wrappedBuffer(Hj212TestFrames.frame(Hj212PipelineFuzzTest.segment(OTHER_MN))));
        List<IngestRequest> queued = queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        assertThat(queued).hasSize(2);
        assertThat(queued.get(0).rejections()).isEmpty();
        assertThat(queued.get(1).readings()).isEmpty();
        assertThat(queued.get(1).rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.MN_MISMATCH);
            assertThat(r.detail()).contains(OTHER_MN).contains(Hj212PipelineFuzzTest.MN);
        });
        for (IngestRequest request : queued) {
            request.onDone()
                    .accept(WriteOutcome.committed(
                            request.readings().size(),
                            request.rejections().stream().map(r -> r.reason()).toList()));
        }
        queue.release(queued);
        channel.runPendingTasks();
        int answers = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            answers++;
            out.release();
        }
        assertThat(answers).as("9014 only for the first station's frame").isEqualTo(1);
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }
}
