package org.envmon.ingest.service;

import java.time.Clock;
import java.util.Optional;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationLookup;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.tcp.Hj212Server;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.mqtt.MqttServer;
import org.envmon.ingest.json.JsonReadingsDecoder;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;

/**
 * The network listeners of the service — MQTT and HJ 212, each plain and/or over TLS as configured —
 * started and stopped together.
 */
final class Listeners {
    private final MqttServer mqtt;
    private final Optional<Hj212Server> hj212;

    private Listeners(MqttServer mqtt, Optional<Hj212Server> hj212) {
        this.mqtt = mqtt;
        this.hj212 = hj212;
    }

    static Listeners start(EnvmonConfig config, JsonReadingsDecoder jsonDecoder, Hj212Decoder hj212Decoder,
                           StationDirectory stations, StationLookup lookup, IngestQueue queue, IngestMetrics metrics,
                           Clock clock) throws InterruptedException {
        ConnectionLimits limits = new ConnectionLimits(config.limits().maxConnections(),
                config.limits().maxConnectionsPerAddress());
        StationRateLimiter rateLimiter = new StationRateLimiter(config.limits().stationMessagesPerSecond(),
                config.limits().stationBurst(), clock);
        MqttServer mqtt = new MqttServer(config, jsonDecoder, hj212Decoder, stations, lookup, queue, metrics, clock,
                limits, rateLimiter);
        mqtt.start();
        if (config.hj212().port().isEmpty() && config.hj212().tlsPort().isEmpty()) {
            return new Listeners(mqtt, Optional.empty());
        }
        try {
            Hj212Server hj212 = new Hj212Server(config.hj212(), hj212Decoder, stations, queue, metrics, clock,
                    config.ingest().defaultTimezone(), config.ingest().rejectedRawLimit(), limits, rateLimiter,
                    config.tls(), LoginThrottle.perMinute(config.limits().failedLoginsPerMinute(), clock));
            hj212.start();
            return new Listeners(mqtt, Optional.of(hj212));
        } catch (RuntimeException | InterruptedException e) {
            mqtt.stopAccepting();
            mqtt.close();
            throw e;
        }
    }

    Optional<Integer> mqttPort() {
        return mqtt.port();
    }

    Optional<Integer> mqttTlsPort() {
        return mqtt.tlsPort();
    }

    Optional<Integer> hj212Port() {
        return hj212.flatMap(Hj212Server::port);
    }

    Optional<Integer> hj212TlsPort() {
        return hj212.flatMap(Hj212Server::tlsPort);
    }

    /** The listeners' part of {@code /health}: absent for a protocol with no listener. */
    HealthReport.Listener mqttHealth() {
        return mqtt.isEnabled() ? new HealthReport.Listener(mqtt.isListening(), mqtt.port().orElse(null),
                mqtt.tlsPort().orElse(null), mqtt.connections()) : null;
    }

    HealthReport.Listener hj212Health() {
        return hj212.map(server -> new HealthReport.Listener(server.isListening(), server.port().orElse(null),
                server.tlsPort().orElse(null), server.connections())).orElse(null);
    }

    void stopAccepting() {
        mqtt.stopAccepting();
        hj212.ifPresent(Hj212Server::stopAccepting);
    }

    void close() {
        mqtt.close();
        hj212.ifPresent(Hj212Server::close);
    }
}
