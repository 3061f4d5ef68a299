package org.envmon.ingest.hj212.tcp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The HJ 212 TCP pipeline, declared in one place: flush consolidation → idle watch → framing → flow
 * control → connection handler.
 */
final class Hj212ChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String FLUSH_CONSOLIDATION = "flushConsolidation";
    static final String IDLE = "idle";
    static final String FRAMING = "hj212Framing";
    static final String FLOW_CONTROL = "flowControl";
    static final String CONNECTION = "hj212Connection";

    private final Hj212Services services;

    Hj212ChannelInitializer(Hj212Services services) {
        this.services = services;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        // Answers (9014) come from the writer thread a batch at a time: one flush for all of a
        // connection's answers queued on its event loop, not one write syscall each.
        pipeline.addLast(
                FLUSH_CONSOLIDATION,
                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        pipeline.addLast(
                IDLE, new IdleStateHandler(services.config().idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast(FRAMING, new Hj212FrameDecoder());
        pipeline.addLast(FLOW_CONTROL, new FlowControlHandler());
        pipeline.addLast(CONNECTION, new Hj212ConnectionHandler(services));
    }
}
