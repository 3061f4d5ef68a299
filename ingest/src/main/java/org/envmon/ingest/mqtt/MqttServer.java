package org.envmon.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationLookup;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.JsonReadingsDecoder;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.Transport;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;
import org.envmon.ingest.transport.TcpListener;
import org.envmon.ingest.transport.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT listeners (plain, and TLS when {@code mqtt.tlsPort} is set; one pipeline behind both):
 * bind, accept, and on shutdown stop reading before closing connections.
 */
public final class MqttServer {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

    private final EnvmonConfig.MqttConfig config;
    private final TcpListener listener;
    private final Optional<TcpListener> tlsListener;
    private Integer tlsPort;
    private final ExecutorService kdfExecutor;
    private volatile boolean readingAllowed = true;

    public MqttServer(EnvmonConfig config, JsonReadingsDecoder jsonDecoder, Hj212Decoder hj212Decoder,
                      StationDirectory stations, StationLookup lookup, IngestQueue queue, IngestMetrics metrics,
                      Clock clock, ConnectionLimits limits, StationRateLimiter rateLimiter) {
        this.config = config.mqtt();
        PublishIntake intake = new PublishIntake(jsonDecoder, hj212Decoder, stations, metrics, clock,
                config.ingest().maxPayloadBytes(), config.ingest().rejectedRawLimit());
        this.kdfExecutor = KdfExecutor.create();
        MqttAuthenticator authenticator = new MqttAuthenticator(stations, lookup, config.mqtt().allowAnonymous(),
                kdfExecutor);
        MqttServices services = new MqttServices(config.mqtt(), authenticator, intake, queue, metrics,
                () -> readingAllowed, clock, rateLimiter);
        this.listener = new TcpListener("MQTT", config.mqtt().host(), config.mqtt().port(), 0,
                new MqttChannelInitializer(services), limits, Transport.MQTT, metrics, Optional.empty());
        this.tlsListener = config.mqtt().tlsPort().map(port -> new TcpListener("MQTT over TLS", config.mqtt().host(),
                port, 0, new MqttChannelInitializer(services), limits, Transport.MQTT, metrics,
                Optional.of(TlsContexts.server(config.tls()))));
    }

    /** Binds the listener; returns the bound port. */
    public int start() throws InterruptedException {
        int port = listener.start("ENVMON_MQTT_PORT");
        log.info("MQTT listener on {}:{} (MQTT 3.1.1 and 5, max packet {} bytes, anonymous access {})",
                config.host(), port, config.maxPacketSize(), config.allowAnonymous() ? "ON" : "off");
        if (tlsListener.isPresent()) {
            try {
                tlsPort = tlsListener.get().start("ENVMON_MQTT_TLS_PORT");
            } catch (RuntimeException | InterruptedException e) {
                listener.stopAccepting();
                listener.close(channel -> channel.close());
                throw e;
            }
            log.info("MQTT over TLS listener on {}:{} (TLS 1.2 and 1.3)", config.host(), tlsPort);
        }
        return port;
    }

    /** The bound port of the TLS listener, once started; empty when there is none. */
    public Optional<Integer> tlsPort() {
        return Optional.ofNullable(tlsPort);
    }

    public boolean isListening() {
        return listener.isListening() && tlsListener.map(TcpListener::isListening).orElse(true);
    }

    /** Stops accepting connections and stops reading from open ones; queued messages still get acknowledged. */
    public void stopAccepting() {
        readingAllowed = false;
        listener.stopAccepting();
        tlsListener.ifPresent(TcpListener::stopAccepting);
    }

    /** Tells MQTT 5 clients the server is shutting down, closes every connection and frees the threads. */
    public void close() {
        listener.close(MqttServer::farewell);
        tlsListener.ifPresent(tls -> tls.close(MqttServer::farewell));
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
        return listener.connections() + tlsListener.map(TcpListener::connections).orElse(0);
    }
}
