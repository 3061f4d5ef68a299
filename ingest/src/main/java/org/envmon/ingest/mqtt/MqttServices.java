package org.envmon.ingest.mqtt;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.config.EnvmonConfig.MqttConfig;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.transport.StationRateLimiter;

/**
 * What every MQTT connection shares: settings, what all listeners share ({@link Edge}), the
 * credential check, the intake that turns PUBLISH into requests, the clients' sessions, and whether
 * connections may read (false while the server shuts down).
 */
record MqttServices(
        MqttConfig config,
        Edge edge,
        MqttAuthenticator authenticator,
        PublishIntake intake,
        SessionRegistry sessions,
        BooleanSupplier readingAllowed) {

    IngestQueue queue() {
        return edge.queue();
    }

    IngestMetrics metrics() {
        return edge.metrics();
    }

    Clock clock() {
        return edge.clock();
    }

    StationRateLimiter rateLimiter() {
        return edge.rateLimiter();
    }

    StationResolver stations() {
        return edge.stations();
    }
}
