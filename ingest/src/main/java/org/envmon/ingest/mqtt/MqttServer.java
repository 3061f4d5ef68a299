package org.envmon.ingest.mqtt;

import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.JsonReadingsDecoder;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.Transport;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.TcpListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MQTT listener: binds, accepts, and on shutdown stops reading before it closes connections. */
public final class MqttServer {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

    private final EnvmonConfig.MqttConfig config;
    private final TcpListener listener;
    private final ExecutorService kdfExecutor;
    private volatile boolean readingAllowed = true;

    public MqttServer(EnvmonConfig config, JsonReadingsDecoder jsonDecoder, Hj212Decoder hj212Decoder,
                      StationDirectory stations, IngestQueue queue, IngestMetrics metrics, Clock clock,
                      ConnectionLimits limits) {
        this.config = config.mqtt();
        PublishIntake intake = new PublishIntake(jsonDecoder, hj212Decoder, stations, metrics, clock,
                config.ingest().maxPayloadBytes(), config.ingest().rejectedRawLimit());
        this.kdfExecutor = KdfExecutor.create();
        MqttAuthenticator authenticator = new MqttAuthenticator(stations, config.mqtt().allowAnonymous(), kdfExecutor);
        MqttServices services = new MqttServices(config.mqtt(), authenticator, intake, queue, metrics,
                () -> readingAllowed, clock);
        this.listener = new TcpListener("MQTT", config.mqtt().host(), config.mqtt().port(), 0,
                new MqttChannelInitializer(services), limits, Transport.MQTT, metrics);
    }

    /** Binds the listener; returns the bound port. */
    public int start() throws InterruptedException {
        int port = listener.start("ENVMON_MQTT_PORT");
        log.info("MQTT listener on {}:{} (MQTT 3.1.1 and 5, max packet {} bytes, anonymous access {})",
                config.host(), port, config.maxPacketSize(), config.allowAnonymous() ? "ON" : "off");
        return port;
    }

    public boolean isListening() {
        return listener.isListening();
    }

    /** Stops accepting connections and stops reading from open ones; queued messages still get acknowledged. */
    public void stopAccepting() {
        readingAllowed = false;
        listener.stopAccepting();
    }

    /** Tells MQTT 5 clients the server is shutting down, closes every connection and frees the threads. */
    public void close() {
        listener.close(channel -> {
            if (Boolean.TRUE.equals(channel.attr(MqttConnectionHandler.SPEAKS_V5).get())) {
                channel.writeAndFlush(MqttReplies.disconnect(MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN.byteValue()))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        });
        kdfExecutor.shutdownNow();
    }

    public int connections() {
        return listener.connections();
    }
}
