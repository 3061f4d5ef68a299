package org.envmon.ingest.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.JsonReadingsDecoder;
import org.envmon.ingest.pipeline.IngestQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MQTT listener: binds, accepts, and on shutdown stops reading before it closes connections. */
public final class MqttServer {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

    private final EnvmonConfig.MqttConfig config;
    private final MqttServices services;
    private final ChannelGroup channels = new DefaultChannelGroup("mqtt", GlobalEventExecutor.INSTANCE);
    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private volatile boolean readingAllowed = true;
    private Channel serverChannel;

    public MqttServer(EnvmonConfig config, JsonReadingsDecoder decoder, StationDirectory stations,
                      IngestQueue queue, IngestMetrics metrics, Clock clock) {
        this.config = config.mqtt();
        PublishIntake intake = new PublishIntake(decoder, stations, metrics, clock,
                config.ingest().maxPayloadBytes(), config.ingest().rejectedRawLimit());
        this.services = new MqttServices(config.mqtt(), intake, queue, metrics, channels, () -> readingAllowed,
                clock);
    }

    /** Binds the listener; returns the bound port. */
    public int start() throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new MqttChannelInitializer(services));
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw new IllegalStateException("Cannot listen for MQTT on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage() + " (set ENVMON_MQTT_PORT to a free port)", e);
        }
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("MQTT listener on {}:{} (MQTT 3.1.1 and 5, max packet {} bytes)", config.host(), port,
                config.maxPacketSize());
        return port;
    }

    public boolean isListening() {
        return serverChannel != null && serverChannel.isActive();
    }

    /** Stops accepting connections and stops reading from open ones; queued messages still get acknowledged. */
    public void stopAccepting() {
        readingAllowed = false;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
        }
    }

    /** Tells MQTT 5 clients the server is shutting down, closes every connection and frees the threads. */
    public void close() {
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> {
                if (Boolean.TRUE.equals(channel.attr(MqttConnectionHandler.SPEAKS_V5).get())) {
                    channel.writeAndFlush(MqttReplies.disconnect(
                            MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN.byteValue()))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    channel.close();
                }
            });
        }
        channels.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    public int connections() {
        return channels.size();
    }
}
