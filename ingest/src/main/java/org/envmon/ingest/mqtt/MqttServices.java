package org.envmon.ingest.mqtt;

import io.netty.channel.group.ChannelGroup;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.envmon.ingest.config.EnvmonConfig.MqttConfig;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;

/**
 * What every MQTT connection shares: settings, the intake that turns PUBLISH into requests, the
 * queue, metrics, the group of open channels, and whether connections may read (false while the
 * server shuts down).
 */
record MqttServices(MqttConfig config, PublishIntake intake, IngestQueue queue, IngestMetrics metrics,
                    ChannelGroup channels, BooleanSupplier readingAllowed, Clock clock) {
}
