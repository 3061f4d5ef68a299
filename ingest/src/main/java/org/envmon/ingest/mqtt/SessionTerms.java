package org.envmon.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.time.Duration;

/**
 * What session a CONNECT asks for and gets (MQTT 5 §3.1.2.4, §3.1.2.11.2; MQTT 3.1.1 §3.1.2.4): a
 * fresh one or the kept one ({@code cleanStart}), and how long it outlives the connection. MQTT 5
 * asks with the Session Expiry Interval (absent: the session ends with the connection); an MQTT 3.1.1
 * persistent session (clean session 0) is kept for the server's longest expiry.
 *
 * @param grantedSeconds MQTT 5: the interval granted when it is shorter than the one asked for (sent in
 *                       CONNACK), else null
 */
record SessionTerms(boolean cleanStart, Duration expiry, Long grantedSeconds) {
    /** The MQTT 5 value that means "never expires". */
    private static final long NEVER = 0xFFFFFFFFL;

    static SessionTerms of(MqttConnectMessage connect, boolean v5, Duration maxExpiry) {
        boolean cleanStart = connect.variableHeader().isCleanSession();
        if (!v5) {
            return new SessionTerms(cleanStart, cleanStart ? Duration.ZERO : maxExpiry, null);
        }
        MqttProperties.MqttProperty<?> property = connect.variableHeader()
                .properties()
                .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        long asked = property == null ? 0 : Integer.toUnsignedLong((Integer) property.value());
        long max = maxExpiry.toSeconds();
        if (asked > max || asked == NEVER) {
            return new SessionTerms(cleanStart, maxExpiry, max);
        }
        return new SessionTerms(cleanStart, Duration.ofSeconds(asked), null);
    }
}
