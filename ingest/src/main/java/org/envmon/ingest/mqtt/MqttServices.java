package org.envmon.ingest.mqtt;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.envmon.ingest.config.EnvmonConfig.MqttConfig;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.transport.StationRateLimiter;

/**
 * What every MQTT connection shares: settings, the credential check, the intake that turns PUBLISH
 * into requests, the queue, metrics, whether connections may read (false while the server shuts
 * down), the clock, the per-station message rate.
 */
record MqttServices(MqttConfig config, MqttAuthenticator authenticator, PublishIntake intake, IngestQueue queue,
                    IngestMetrics metrics, BooleanSupplier readingAllowed, Clock clock,
                    StationRateLimiter rateLimiter) {
}
