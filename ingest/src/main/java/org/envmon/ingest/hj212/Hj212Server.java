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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HJ 212 TCP listener where stations connect and upload. */
public final class Hj212Server {
    private static final Logger log = LoggerFactory.getLogger(Hj212Server.class);
    private static final int WORKER_THREADS = 2;

    private final EnvmonConfig.Hj212Config config;
    private final TcpListener listener;
    private volatile boolean readingAllowed = true;

    public Hj212Server(EnvmonConfig.Hj212Config config, int port, Hj212Decoder decoder, StationDirectory stations,
                       IngestQueue queue, IngestMetrics metrics, Clock clock, ZoneId defaultZone, int rawLimit,
                       ConnectionLimits limits, StationRateLimiter rateLimiter) {
        this.config = config;
        Hj212Services services = new Hj212Services(config, new Hj212Requests(decoder, stations, rawLimit), stations,
                queue, metrics, () -> readingAllowed, clock, defaultZone, rawLimit, rateLimiter);
        this.listener = new TcpListener("HJ 212", config.host(), port, WORKER_THREADS,
                new Hj212ChannelInitializer(services), limits, Transport.HJ212_TCP, metrics, Optional.empty());
    }

    public int start() throws InterruptedException {
        int port = listener.start("ENVMON_HJ212_PORT");
        log.info("HJ 212 listener on {}:{} (2017 and 2005 dialects, idle timeout {} s)", config.host(), port,
                config.idleTimeout().toSeconds());
        return port;
    }

    public boolean isListening() {
        return listener.isListening();
    }

    public int connections() {
        return listener.connections();
    }

    public void stopAccepting() {
        readingAllowed = false;
        listener.stopAccepting();
    }

    public void close() {
        listener.close(channel -> channel.close());
    }
}
