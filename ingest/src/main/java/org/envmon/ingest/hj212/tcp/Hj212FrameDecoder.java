package org.envmon.ingest.hj212.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;
import org.envmon.ingest.hj212.Hj212Frame;
import org.envmon.ingest.hj212.Hj212Framing;
import org.envmon.ingest.hj212.Hj212FramingError;

/** Netty adapter of {@link Hj212Framing}: emits {@link Hj212Frame}s and {@link Hj212FramingError}s. */
final class Hj212FrameDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        cut(in, false, out);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        cut(in, true, out);
    }

    private static void cut(ByteBuf in, boolean endOfInput, List<Object> out) {
        Optional<Object> next;
        while ((next = Hj212Framing.nextMergingErrors(in, endOfInput)).isPresent()) {
            out.add(next.get());
        }
    }
}
