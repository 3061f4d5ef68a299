package org.envmon.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * The topic aliases of one MQTT 5 connection (§3.3.2.3.4): a PUBLISH with a topic and an alias sets
 * the alias; one with an alias and an empty topic uses it. Aliases live and die with the connection.
 * Touched only on the connection's event loop.
 */
final class TopicAliases {
    /** The topic a PUBLISH is for, or why its alias cannot be used (DISCONNECT 0x94). */
    sealed interface Resolution {
        record Topic(String name) implements Resolution {}

        record Invalid(String reason) implements Resolution {}
    }

    private final int maximum;
    private final Runnable onAliasUsed;
    private final Map<Integer, String> topics = new HashMap<>();

    /** @param onAliasUsed told of each PUBLISH that names its topic by alias only (counted in metrics) */
    TopicAliases(int maximum, Runnable onAliasUsed) {
        this.maximum = maximum;
        this.onAliasUsed = onAliasUsed;
    }

    Resolution resolve(MqttPublishMessage publish) {
        MqttProperties.MqttProperty<?> alias =
                publish.variableHeader().properties().getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value());
        return resolve(publish.variableHeader().topicName(), alias == null ? null : (Integer) alias.value());
    }

    /** @param alias the PUBLISH's Topic Alias property, or null when it has none */
    Resolution resolve(String topic, Integer alias) {
        if (alias == null) {
            return topic.isEmpty()
                    ? new Resolution.Invalid("empty topic without a topic alias")
                    : new Resolution.Topic(topic);
        }
        if (alias < 1 || alias > maximum) {
            return new Resolution.Invalid("topic alias " + alias + " outside 1.." + maximum
                    + (maximum == 0 ? " (this server offers none)" : " (mqtt.topicAliasMaximum)"));
        }
        if (!topic.isEmpty()) {
            topics.put(alias, topic);
            return new Resolution.Topic(topic);
        }
        String known = topics.get(alias);
        if (known == null) {
            return new Resolution.Invalid("topic alias " + alias + " used before a PUBLISH set it");
        }
        onAliasUsed.run();
        return new Resolution.Topic(known);
    }
}
