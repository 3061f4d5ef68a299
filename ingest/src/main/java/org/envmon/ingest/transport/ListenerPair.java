package org.envmon.ingest.transport;

import io.netty.channel.Channel;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The plain and the TLS listener of one protocol, either of which may be off, started and stopped
 * together: if the second cannot bind, the first is closed again.
 */
public final class ListenerPair {
    private final Optional<TcpListener> plain;
    private final Optional<TcpListener> tls;
    private final String plainPortVariable;
    private final String tlsPortVariable;
    private Integer plainPort;
    private Integer tlsPort;

    public ListenerPair(
            Optional<TcpListener> plain, String plainPortVariable, Optional<TcpListener> tls, String tlsPortVariable) {
        this.plain = plain;
        this.tls = tls;
        this.plainPortVariable = plainPortVariable;
        this.tlsPortVariable = tlsPortVariable;
    }

    public void start() throws InterruptedException {
        if (plain.isPresent()) {
            plainPort = plain.get().start(plainPortVariable);
        }
        if (tls.isPresent()) {
            try {
                tlsPort = tls.get().start(tlsPortVariable);
            } catch (RuntimeException | InterruptedException e) {
                plain.ifPresent(listener -> {
                    listener.stopAccepting();
                    listener.close(Channel::close);
                });
                throw e;
            }
        }
    }

    /** The bound port of the plain listener once started; empty when it is off. */
    public Optional<Integer> plainPort() {
        return Optional.ofNullable(plainPort);
    }

    /** The bound port of the TLS listener once started; empty when it is off. */
    public Optional<Integer> tlsPort() {
        return Optional.ofNullable(tlsPort);
    }

    public boolean isListening() {
        return plain.map(TcpListener::isListening).orElse(true)
                && tls.map(TcpListener::isListening).orElse(true);
    }

    public int connections() {
        return plain.map(TcpListener::connections).orElse(0)
                + tls.map(TcpListener::connections).orElse(0);
    }

    public void stopAccepting() {
        plain.ifPresent(TcpListener::stopAccepting);
        tls.ifPresent(TcpListener::stopAccepting);
    }

    public void close(Consumer<Channel> farewell) {
        plain.ifPresent(listener -> listener.close(farewell));
        tls.ifPresent(listener -> listener.close(farewell));
    }
}
