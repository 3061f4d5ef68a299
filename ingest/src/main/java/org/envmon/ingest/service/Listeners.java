package org.envmon.ingest.service;

import java.util.Optional;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.hj212.tcp.Hj212Server;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.mqtt.MqttServer;

/**
 * The network listeners of the service — MQTT and HJ 212, each plain and/or over TLS as configured —
 * started and stopped together.
 */
final class Listeners implements AutoCloseable {
    private final MqttServer mqtt;
    private final Optional<Hj212Server> hj212;

    private Listeners(MqttServer mqtt, Optional<Hj212Server> hj212) {
        this.mqtt = mqtt;
        this.hj212 = hj212;
    }

    static Listeners start(EnvmonConfig config, Edge edge) throws InterruptedException {
        MqttServer mqtt = new MqttServer(config, edge);
        mqtt.start();
        if (config.hj212().port().isEmpty() && config.hj212().tlsPort().isEmpty()) {
            return new Listeners(mqtt, Optional.empty());
        }
        try {
            Hj212Server hj212 = new Hj212Server(config, edge);
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

    Optional<Integer> mqttWsPort() {
        return mqtt.wsPort();
    }

    Optional<Integer> mqttWssPort() {
        return mqtt.wssPort();
    }

    Optional<Integer> hj212Port() {
        return hj212.flatMap(Hj212Server::port);
    }

    Optional<Integer> hj212TlsPort() {
        return hj212.flatMap(Hj212Server::tlsPort);
    }

    /** The listeners' part of {@code /health}: absent for a protocol with no listener. */
    HealthReport.Listener mqttHealth() {
        return mqtt.isEnabled()
                ? new HealthReport.Listener(
                        mqtt.isListening(),
                        mqtt.port().orElse(null),
                        mqtt.tlsPort().orElse(null),
                        mqtt.connections())
                : null;
    }

    HealthReport.Listener hj212Health() {
        return hj212.map(server -> new HealthReport.Listener(
                        server.isListening(),
                        server.port().orElse(null),
                        server.tlsPort().orElse(null),
                        server.connections()))
                .orElse(null);
    }

    void stopAccepting() {
        mqtt.stopAccepting();
        hj212.ifPresent(Hj212Server::stopAccepting);
    }

    @Override
    public void close() {
        stopAccepting();
        mqtt.close();
        hj212.ifPresent(Hj212Server::close);
    }
}
