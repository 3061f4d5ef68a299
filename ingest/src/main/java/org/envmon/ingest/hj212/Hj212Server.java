package org.envmon.ingest.hj212;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.Transport;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;
import org.envmon.ingest.transport.TcpListener;
import org.envmon.ingest.transport.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HJ 212 TCP listener where stations connect and upload. */
public final class Hj212Server {
    private static final Logger log = LoggerFactory.getLogger(Hj212Server.class);
    private static final int WORKER_THREADS = 2;

    private final EnvmonConfig.Hj212Config config;
    private final TcpListener listener;
    private final Optional<TcpListener> tlsListener;
    private Integer tlsPort;
    private volatile boolean readingAllowed = true;

    public Hj212Server(EnvmonConfig.Hj212Config config, int port, Hj212Decoder decoder, StationDirectory stations,
                       IngestQueue queue, IngestMetrics metrics, Clock clock, ZoneId defaultZone, int rawLimit,
                       ConnectionLimits limits, StationRateLimiter rateLimiter, EnvmonConfig.TlsConfig tlsConfig) {
        this.config = config;
        Hj212Services services = new Hj212Services(config, new Hj212Requests(decoder, stations, rawLimit), stations,
                queue, metrics, () -> readingAllowed, clock, defaultZone, rawLimit, rateLimiter);
        this.listener = new TcpListener("HJ 212", config.host(), port, WORKER_THREADS,
                new Hj212ChannelInitializer(services), limits, Transport.HJ212_TCP, metrics, Optional.empty());
        this.tlsListener = config.tlsPort().map(tls -> new TcpListener("HJ 212 over TLS", config.host(), tls,
                WORKER_THREADS, new Hj212ChannelInitializer(services), limits, Transport.HJ212_TCP, metrics,
                Optional.of(TlsContexts.server(tlsConfig))));
    }

    public int start() throws InterruptedException {
        int port = listener.start("ENVMON_HJ212_PORT");
        log.info("HJ 212 listener on {}:{} (2017 and 2005 dialects, idle timeout {} s)", config.host(), port,
                config.idleTimeout().toSeconds());
        if (tlsListener.isPresent()) {
            try {
                tlsPort = tlsListener.get().start("ENVMON_HJ212_TLS_PORT");
            } catch (RuntimeException | InterruptedException e) {
                listener.stopAccepting();
                listener.close(channel -> channel.close());
                throw e;
            }
            log.info("HJ 212 over TLS listener on {}:{} (TLS 1.2 and 1.3)", config.host(), tlsPort);
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

    public int connections() {
        return listener.connections() + tlsListener.map(TcpListener::connections).orElse(0);
    }

    public void stopAccepting() {
        readingAllowed = false;
        listener.stopAccepting();
        tlsListener.ifPresent(TcpListener::stopAccepting);
    }

    public void close() {
        listener.close(channel -> channel.close());
        tlsListener.ifPresent(tls -> tls.close(channel -> channel.close()));
    }
}
