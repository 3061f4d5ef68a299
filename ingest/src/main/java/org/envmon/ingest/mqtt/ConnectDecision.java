package org.envmon.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/** The answer to a CONNECT: accepted (with the client id to use) or refused with a return code and reason. */
sealed interface ConnectDecision {
    record Accept(String clientId, boolean assignedId) implements ConnectDecision {}

    record Refuse(MqttConnectReturnCode code, String reason) implements ConnectDecision {}
}
