package org.envmon.ingest.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flow.FlowControlHandler;

/** The MQTT pipeline, declared in one place: decoder → encoder → flow control → connection handler. */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final MqttServices services;

    MqttChannelInitializer(MqttServices services) {
        this.services = services;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(
                HandlerNames.DECODER,
                new MqttDecoder(
                        services.config().maxPacketSize(), services.config().maxClientIdLength()));
        pipeline.addLast(HandlerNames.ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(HandlerNames.FLOW_CONTROL, new FlowControlHandler());
        pipeline.addLast(HandlerNames.CONNECTION, new MqttConnectionHandler(services));
    }
}
