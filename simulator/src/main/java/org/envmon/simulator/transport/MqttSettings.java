package org.envmon.simulator.transport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach an MQTT platform: {@code tcp://host:port} or {@code ssl://host:port} (TLS, trusting the JVM's
 * CAs or the PEM file {@code caFile}), protocol version 3 (3.1.1) or 5, QoS, credentials.
 */
public record MqttSettings(
        URI target,
        int version,
        int qos,
        Optional<String> username,
        Optional<char[]> password,
        Optional<Path> caFile,
        Duration connectTimeout,
        int keepAliveSeconds) {
    public MqttSettings {
        String scheme = target.getScheme();
        if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("MQTT target must be tcp://host:port or ssl://host:port, got " + target);
        }
        if (version != 3 && version != 5) {
            throw new IllegalArgumentException("MQTT version must be 3 or 5, got " + version);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, got " + qos);
        }
        if (caFile.isPresent() && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("a CA file needs an ssl:// target");
        }
    }

    /** The same settings, logging in as {@code username}: one station's own connection. */
    public MqttSettings withLogin(String username, char[] password) {
        return new MqttSettings(
                target,
                version,
                qos,
                Optional.of(username),
                Optional.of(password),
                caFile,
                connectTimeout,
                keepAliveSeconds);
    }

    boolean tls() {
        return "ssl".equals(target.getScheme());
    }
}
