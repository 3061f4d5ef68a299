package org.envmon.ingest.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener with its own event loops that keeps track of its open connections, so that the
 * service can stop accepting, stop reading, and finally close them in that order.
 */
public final class TcpListener {
    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
    static final String TLS_HANDLER = "tls";

    private final String name;
    private final String host;
    private final int port;
    private final ChannelInitializer<SocketChannel> pipeline;
    private final ConnectionLimits limits;
    private final Transport transport;
    private final IngestMetrics metrics;
    private final Optional<SslContext> tls;
    private final ChannelGroup channels;
    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workerGroup;
    private Channel serverChannel;

    /**
     * Where a listener binds and under which name it is logged.
     *
     * @param tls when present, every connection starts with a TLS handshake (this is then a TLS listener)
     */
    public record Endpoint(String name, String host, int port, Optional<SslContext> tls) {}

    /** Who may connect: the connection limits, and the transport connections and refusals are counted under. */
    public record Admission(ConnectionLimits limits, Transport transport, IngestMetrics metrics) {}

    /** @param workerThreads event-loop threads for connections; 0 for Netty's default (2 × cores) */
    public TcpListener(
            Endpoint endpoint, int workerThreads, ChannelInitializer<SocketChannel> pipeline, Admission admission) {
        this.name = endpoint.name();
        this.host = endpoint.host();
        this.port = endpoint.port();
        this.tls = endpoint.tls();
        this.pipeline = pipeline;
        this.limits = admission.limits();
        this.transport = admission.transport();
        this.metrics = admission.metrics();
        this.channels = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
        this.workerGroup = new MultiThreadIoEventLoopGroup(workerThreads, NioIoHandler.newFactory());
    }

    /** Binds; returns the bound port. The message of a failure names the environment variable to change. */
    public int start(String portVariable) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        InetAddress address = channel.remoteAddress().getAddress();
                        ConnectionLimits.Refusal refusal = limits.tryAcquire(address);
                        if (refusal != null) {
                            // Closed before any handler runs: no bytes read, nothing allocated, no row
                            // written (a flood must not turn into a flood of quarantine inserts).
                            metrics.connectionRefused(transport, refusal.name().toLowerCase(Locale.ROOT));
                            log.debug("{}: refused connection from {} (limit {})", name, address, refusal);
                            channel.close();
                            return;
                        }
                        // The group's own close listener goes first: a connection's slot is given back only
                        // once it no longer counts as open, so the count never exceeds the limits.
                        channels.add(channel);
                        channel.closeFuture().addListener(closed -> limits.release(address));
                        tls.ifPresent(context ->
                                channel.pipeline().addLast(TLS_HANDLER, context.newHandler(channel.alloc())));
                        channel.pipeline().addLast(pipeline);
                    }
                });
        try {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw new IllegalStateException(
                    "Cannot listen for " + name + " on " + host + ":" + port + ": " + e.getMessage() + " (set "
                            + portVariable + " to a free port)",
                    e);
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean isListening() {
        return serverChannel != null && serverChannel.isActive();
    }

    public int connections() {
        return channels.size();
    }

    /** Closes the listening socket and stops reading from every open connection. */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
        }
    }

    /** Lets {@code farewell} close each connection (on its event loop), waits briefly, then frees the threads. */
    public void close(Consumer<Channel> farewell) {
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> farewell.accept(channel));
        }
        if (!channels.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("{} connection(s) of {} did not close within 5 s", channels.size(), name);
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
