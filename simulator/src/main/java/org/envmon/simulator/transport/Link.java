package org.envmon.simulator.transport;

import java.util.function.Consumer;

/**
 * One connection to the platform. {@link #publish} never blocks on the network round trip: exactly one of
 * the callbacks runs once, on a transport thread, when the platform acknowledged the message or when it
 * cannot be (connection lost, refused).
 */
public interface Link extends AutoCloseable {
    void connect() throws Exception;

    boolean connected();

    void publish(Envelope envelope, Runnable acked, Consumer<Throwable> failed);

    @Override
    void close();
}
