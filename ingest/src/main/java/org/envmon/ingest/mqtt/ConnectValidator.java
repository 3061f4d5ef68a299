package org.envmon.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.UUID;

/** Decides whether a CONNECT is acceptable (MQTT 3.1.1 §3.1, MQTT 5 §3.1). */
final class ConnectValidator {
    private final int maxClientIdLength;

    ConnectValidator(int maxClientIdLength) {
        this.maxClientIdLength = maxClientIdLength;
    }

    ConnectDecision decide(MqttConnectMessage connect) {
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(
                connect.variableHeader().name(), (byte) connect.variableHeader().version());
        boolean v5 = version == MqttVersion.MQTT_5;
        String clientId = connect.payload().clientIdentifier();
        if (clientId == null || clientId.isEmpty()) {
            if (!v5 && !connect.variableHeader().isCleanSession()) {
                return new ConnectDecision.Refuse(
                        MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        "empty client identifier requires clean session");
            }
            return new ConnectDecision.Accept("envmon-" + UUID.randomUUID(), true);
        }
        if (clientId.length() > maxClientIdLength) {
            return new ConnectDecision.Refuse(
                    identifierRejected(v5), "client identifier longer than " + maxClientIdLength + " characters");
        }
        for (int i = 0; i < clientId.length(); i++) {
            if (Character.isISOControl(clientId.charAt(i))) {
                return new ConnectDecision.Refuse(
                        identifierRejected(v5), "client identifier contains a control character");
            }
        }
        return new ConnectDecision.Accept(clientId, false);
    }

    static MqttConnectReturnCode identifierRejected(boolean v5) {
        return v5
                ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
    }
}
