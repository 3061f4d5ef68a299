package org.envmon.ingest.hj212.tcp;

import io.netty.channel.Channel;
import java.util.Optional;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.transport.ListenerPair;
import org.envmon.ingest.transport.TcpListener;
import org.envmon.ingest.transport.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HJ 212 TCP listeners (plain and/or TLS) where stations connect and upload. */
public final class Hj212Server {
    private static final Logger log = LoggerFactory.getLogger(Hj212Server.class);
    private static final int WORKER_THREADS = 2;

    private final EnvmonConfig.Hj212Config config;
    private final ListenerPair listeners;
    private volatile boolean readingAllowed = true;

    public Hj212Server(EnvmonConfig config, Edge edge) {
        this.config = config.hj212();
        Hj212Services services = new Hj212Services(
                config.hj212(),
                edge,
                () -> readingAllowed,
                config.tls().clientCertificateLogin(),
                LoginThrottle.perMinute(config.limits().failedLoginsPerMinute(), edge.clock()),
                config.hj212().answerPolicy());
        TcpListener.Admission admission =
                new TcpListener.Admission(edge.connectionLimits(), Transport.HJ212_TCP, edge.metrics());
        String host = this.config.host();
        this.listeners = new ListenerPair(
                this.config
                        .port()
                        .map(port -> new TcpListener(
                                new TcpListener.Endpoint("HJ 212", host, port, Optional.empty()), WORKER_THREADS,
                                new Hj212ChannelInitializer(services), admission)),
                "ENVMON_HJ212_PORT",
                this.config
                        .tlsPort()
                        .map(port -> new TcpListener(
                                new TcpListener.Endpoint(
                                        "HJ 212 over TLS", host, port, Optional.of(TlsContexts.server(config.tls()))),
                                WORKER_THREADS,
                                new Hj212ChannelInitializer(services),
                                admission)),
                "ENVMON_HJ212_TLS_PORT");
    }

    public void start() throws InterruptedException {
        listeners.start();
        listeners
                .plainPort()
                .ifPresent(port -> log.info(
                        "HJ 212 listener on {}:{} (2017 and 2005 dialects, idle" + " timeout {} s)",
                        config.host(),
                        port,
                        config.idleTimeout().toSeconds()));
        listeners
                .tlsPort()
                .ifPresent(
                        port -> log.info("HJ 212 over TLS listener on {}:{} (TLS 1.2 and 1.3)", config.host(), port));
    }

    /** The bound port of the plain listener, once started; empty when {@code hj212.port} is unset. */
    public Optional<Integer> port() {
        return listeners.plainPort();
    }

    /** The bound port of the TLS listener, once started; empty when there is none. */
    public Optional<Integer> tlsPort() {
        return listeners.tlsPort();
    }

    public boolean isListening() {
        return listeners.isListening();
    }

    public int connections() {
        return listeners.connections();
    }

    public void stopAccepting() {
        readingAllowed = false;
        listeners.stopAccepting();
    }

    public void close() {
        listeners.close(Channel::close);
    }
}
