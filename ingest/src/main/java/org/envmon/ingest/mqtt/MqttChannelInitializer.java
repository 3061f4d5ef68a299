package org.envmon.ingest.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The MQTT pipeline, declared in one place: flush consolidation → decoder → encoder → flow control →
 * connection handler;
 * over WebSocket the HTTP upgrade to {@code /mqtt} (sub-protocol {@code mqtt}) and the frame codec come
 * first, and everything after them is the same as over TCP.
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** The path MQTT clients open, as brokers commonly serve it. */
    static final String WEBSOCKET_PATH = "/mqtt";
    /** MQTT 5 §6 names "mqtt"; some MQTT 3.1 clients still ask for "mqttv3.1". */
    private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";
    /** Enough for the upgrade request of any client; MQTT packets travel in frames, not in HTTP bodies. */
    private static final int MAX_HTTP_REQUEST = 8192;

    private final MqttServices services;
    private final boolean webSocket;

    MqttChannelInitializer(MqttServices services, boolean webSocket) {
        this.services = services;
        this.webSocket = webSocket;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        // Acknowledgements come from the writer thread, a batch at a time: one flush (one write
        // syscall) for all of a connection's acks queued on its event loop, not one each.
        pipeline.addLast(
                HandlerNames.FLUSH_CONSOLIDATION,
                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        if (webSocket) {
            pipeline.addLast(HandlerNames.HTTP, new HttpServerCodec());
            pipeline.addLast(HandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_HTTP_REQUEST));
            pipeline.addLast(
                    HandlerNames.WEBSOCKET,
                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath(WEBSOCKET_PATH)
                            .subprotocols(SUBPROTOCOLS)
                            .maxFramePayloadLength(services.config().maxPacketSize())
                            .handshakeTimeoutMillis(
                                    services.config().connectTimeout().toMillis())
                            .build()));
            pipeline.addLast(HandlerNames.WEBSOCKET_FRAMES, new WebSocketFrames());
        }
        pipeline.addLast(
                HandlerNames.DECODER,
                new MqttDecoder(
                        services.config().maxPacketSize(), services.config().maxClientIdLength()));
        pipeline.addLast(HandlerNames.ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(HandlerNames.FLOW_CONTROL, new FlowControlHandler());
        pipeline.addLast(HandlerNames.CONNECTION, new MqttConnectionHandler(services));
    }
}
