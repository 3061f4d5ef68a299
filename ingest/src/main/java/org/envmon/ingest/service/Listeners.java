package org.envmon.ingest.service;

import java.time.Clock;
import java.util.Optional;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationLookup;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.Hj212Server;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.mqtt.MqttServer;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;
import org.envmon.ingest.payload.JsonReadingsDecoder;
import org.envmon.ingest.pipeline.IngestQueue;

/** The network listeners of the service — MQTT always, HJ 212 TCP when configured — started and stopped together. */
final class Listeners {
    private final MqttServer mqtt;
    private final int mqttPort;
    private final Hj212Server hj212;
    private final Integer hj212Port;

    private Listeners(MqttServer mqtt, int mqttPort, Hj212Server hj212, Integer hj212Port) {
        this.mqtt = mqtt;
        this.mqttPort = mqttPort;
        this.hj212 = hj212;
        this.hj212Port = hj212Port;
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
        int mqttPort = mqtt.start();
        if (config.hj212().port().isEmpty()) {
            return new Listeners(mqtt, mqttPort, null, null);
        }
        Hj212Server hj212 = new Hj212Server(config.hj212(), config.hj212().port().get(), hj212Decoder, stations,
                queue, metrics, clock, config.ingest().defaultTimezone(), config.ingest().rejectedRawLimit(), limits,
                rateLimiter, config.tls());
        try {
            return new Listeners(mqtt, mqttPort, hj212, hj212.start());
        } catch (RuntimeException | InterruptedException e) {
            mqtt.stopAccepting();
            mqtt.close();
            throw e;
        }
    }

    Optional<Integer> mqttTlsPort() {
        return mqtt.tlsPort();
    }

    int mqttPort() {
        return mqttPort;
    }

    boolean mqttListening() {
        return mqtt.isListening();
    }

    int mqttConnections() {
        return mqtt.connections();
    }

    Optional<Integer> hj212TlsPort() {
        return hj212 == null ? Optional.empty() : hj212.tlsPort();
    }

    Optional<Integer> hj212Port() {
        return Optional.ofNullable(hj212Port);
    }

    boolean hj212Listening() {
        return hj212 != null && hj212.isListening();
    }

    int hj212Connections() {
        return hj212 == null ? 0 : hj212.connections();
    }

    void stopAccepting() {
        mqtt.stopAccepting();
        if (hj212 != null) {
            hj212.stopAccepting();
        }
    }

    void close() {
        mqtt.close();
        if (hj212 != null) {
            hj212.close();
        }
    }
}
