package org.envmon.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.transport.ListenerPair;
import org.envmon.ingest.transport.TcpListener;
import org.envmon.ingest.transport.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT listeners (plain unless {@code mqtt.port} is off, TLS when {@code mqtt.tlsPort} is set; one
 * pipeline behind both):
 * bind, accept, and on shutdown stop reading before closing connections.
 */
public final class MqttServer {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

    private final EnvmonConfig.MqttConfig config;
    private final ListenerPair listeners;
    private final ListenerPair webSockets;
    private final ExecutorService kdfExecutor;
    private volatile boolean readingAllowed = true;

    public MqttServer(EnvmonConfig config, Edge edge) {
        this.config = config.mqtt();
        this.kdfExecutor = KdfExecutor.create();
        MqttAuthenticator authenticator = new MqttAuthenticator(
                edge.stations(),
                config.mqtt().allowAnonymous(),
                config.tls().clientCertificateLogin(),
                LoginThrottle.perMinute(config.limits().failedLoginsPerMinute(), edge.clock()),
                kdfExecutor);
        MqttServices services = new MqttServices(
                config.mqtt(),
                edge,
                authenticator,
                new PublishIntake(edge),
                new SessionRegistry(config.mqtt().maxSessions(), edge.clock()),
                () -> readingAllowed);
        TcpListener.Admission admission =
                new TcpListener.Admission(edge.connectionLimits(), Transport.MQTT, edge.metrics());
        String host = config.mqtt().host();
        this.listeners = new ListenerPair(
                config.mqtt()
                        .port()
                        .map(port -> new TcpListener(
                                new TcpListener.Endpoint("MQTT", host, port, Optional.empty()),
                                0,
                                new MqttChannelInitializer(services, false),
                                admission)),
                "ENVMON_MQTT_PORT",
                config.mqtt()
                        .tlsPort()
                        .map(port -> new TcpListener(
                                new TcpListener.Endpoint(
                                        "MQTT over TLS", host, port, Optional.of(TlsContexts.server(config.tls()))),
                                0,
                                new MqttChannelInitializer(services, false),
                                admission)),
                "ENVMON_MQTT_TLS_PORT");
        this.webSockets = new ListenerPair(
                config.mqtt()
                        .wsPort()
                        .map(port -> new TcpListener(
                                new TcpListener.Endpoint("MQTT over WebSocket", host, port, Optional.empty()),
                                0,
                                new MqttChannelInitializer(services, true),
                                admission)),
                "ENVMON_MQTT_WS_PORT",
                config.mqtt()
                        .wssPort()
                        .map(port -> new TcpListener(
                                new TcpListener.Endpoint(
                                        "MQTT over secure WebSocket",
                                        host,
                                        port,
                                        Optional.of(TlsContexts.server(config.tls()))),
                                0,
                                new MqttChannelInitializer(services, true),
                                admission)),
                "ENVMON_MQTT_WSS_PORT");
    }

    public void start() throws InterruptedException {
        listeners.start();
        try {
            webSockets.start();
        } catch (RuntimeException | InterruptedException e) {
            listeners.stopAccepting();
            listeners.close(Channel::close);
            throw e;
        }
        webSockets
                .plainPort()
                .ifPresent(port -> log.info(
                        "MQTT over WebSocket listener on ws://{}:{}{} (sub-protocol mqtt)",
                        config.host(),
                        port,
                        MqttChannelInitializer.WEBSOCKET_PATH));
        webSockets
                .tlsPort()
                .ifPresent(port -> log.info(
                        "MQTT over secure WebSocket listener on wss://{}:{}{} (TLS 1.2 and 1.3)",
                        config.host(),
                        port,
                        MqttChannelInitializer.WEBSOCKET_PATH));
        listeners
                .plainPort()
                .ifPresent(port -> log.info(
                        "MQTT listener on {}:{} (MQTT 3.1.1 and 5, max packet {}" + " bytes, anonymous access {})",
                        config.host(),
                        port,
                        config.maxPacketSize(),
                        config.allowAnonymous() ? "ON" : "off"));
        listeners
                .tlsPort()
                .ifPresent(port -> log.info(
                        "MQTT over TLS listener on {}:{} (TLS 1.2 and 1.3, anonymous" + " access {})",
                        config.host(),
                        port,
                        config.allowAnonymous() ? "ON" : "off"));
    }

    /** The bound port of the plain listener, once started; empty when {@code mqtt.port} is off. */
    public Optional<Integer> port() {
        return listeners.plainPort();
    }

    /** The bound port of the TLS listener, once started; empty when there is none. */
    public Optional<Integer> tlsPort() {
        return listeners.tlsPort();
    }

    /** The bound port of the WebSocket listener, once started; empty when {@code mqtt.wsPort} is unset. */
    public Optional<Integer> wsPort() {
        return webSockets.plainPort();
    }

    /** The bound port of the secure WebSocket listener, once started; empty when there is none. */
    public Optional<Integer> wssPort() {
        return webSockets.tlsPort();
    }

    /** True when MQTT has any listener at all. */
    public boolean isEnabled() {
        return config.port().isPresent()
                || config.tlsPort().isPresent()
                || config.wsPort().isPresent()
                || config.wssPort().isPresent();
    }

    public boolean isListening() {
        return listeners.isListening() && webSockets.isListening();
    }

    /** Stops accepting connections and stops reading from open ones; queued messages still get acknowledged. */
    public void stopAccepting() {
        readingAllowed = false;
        listeners.stopAccepting();
        webSockets.stopAccepting();
    }

    /** Tells MQTT 5 clients the server is shutting down, closes every connection and frees the threads. */
    public void close() {
        listeners.close(MqttServer::farewell);
        webSockets.close(MqttServer::farewell);
        kdfExecutor.shutdownNow();
    }

    private static void farewell(Channel channel) {
        if (Boolean.TRUE.equals(channel.attr(MqttConnectionHandler.SPEAKS_V5).get())) {
            channel.writeAndFlush(MqttReplies.disconnect(MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN.byteValue()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    public int connections() {
        return listeners.connections() + webSockets.connections();
    }
}
