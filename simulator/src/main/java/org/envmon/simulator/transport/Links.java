package org.envmon.simulator.transport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/** Builds links: MQTT v3/v5 through Paho, or raw TCP for HJ 212. */
public final class Links {
    private Links() {}

    public static Link mqtt(MqttSettings settings, String clientId, int maxInFlight) {
        return settings.version() == 5
                ? new PahoV5Link(settings, clientId)
                : new PahoV3Link(settings, clientId, maxInFlight);
    }

    /** {@code target} is {@code tcp://host:port}. */
    public static Link hj212Tcp(URI target, Duration connectTimeout, String name) {
        if (!"tcp".equals(target.getScheme()) || target.getPort() < 0) {
            throw new IllegalArgumentException("HJ 212 target must be tcp://host:port, got " + target);
        }
        return new Hj212TcpLink(
                new InetSocketAddress(target.getHost(), target.getPort()), connectTimeout, Duration.ofSeconds(1), name);
    }
}
