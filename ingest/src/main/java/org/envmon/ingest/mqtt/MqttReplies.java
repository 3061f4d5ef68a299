package org.envmon.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.util.Arrays;
import java.util.Optional;
import org.envmon.ingest.config.EnvmonConfig.MqttConfig;
import org.envmon.ingest.payload.RejectReason;

/** Builds the packets the server sends, in the form each protocol version expects. */
final class MqttReplies {
    static final MqttMessage PINGRESP =
            new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private MqttReplies() {}

    /**
     * @param assignedClientId the identifier the server gave a client that sent none, or null
     * @param grantedExpiry    MQTT 5: the Session Expiry Interval granted when it is shorter than the one asked
     *                         for, or null
     */
    static MqttConnAckMessage connAccepted(
            MqttConfig config, boolean v5, String assignedClientId, boolean sessionPresent, Long grantedExpiry) {
        MqttMessageBuilders.ConnAckBuilder builder = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(sessionPresent);
        if (v5) {
            MqttProperties props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), config.maxPacketSize()));
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), config.receiveMaximum()));
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(), config.topicAliasMaximum()));
            // A retained PUBLISH is stored as readings like any other; with no subscriptions there is nobody
            // to deliver it to later, so nothing else is kept (README).
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 1));
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
            if (grantedExpiry != null) {
                props.add(new MqttProperties.IntegerProperty(
                        MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), grantedExpiry.intValue()));
            }
            if (assignedClientId != null) {
                props.add(new MqttProperties.StringProperty(
                        MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), assignedClientId));
            }
            builder.properties(props);
        }
        return builder.build();
    }

    static MqttConnAckMessage connRefused(MqttConnectReturnCode code) {
        return MqttMessageBuilders.connAck()
                .returnCode(code)
                .sessionPresent(false)
                .build();
    }

    /** The CONNACK code refusing a login, per protocol version. */
    static MqttConnectReturnCode refusalCode(RejectReason reason, boolean v5) {
        return switch (reason) {
            case BAD_CREDENTIALS ->
                v5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case AUTH_BUSY ->
                v5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            case AUTH_THROTTLED ->
                v5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            default ->
                v5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
        };
    }

    static MqttMessage pubAck(int packetId, byte reasonCode, String reasonString) {
        return pubReply(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE, packetId, reasonCode, reasonString);
    }

    static MqttMessage pubRec(int packetId, byte reasonCode, String reasonString) {
        return pubReply(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE, packetId, reasonCode, reasonString);
    }

    static MqttMessage pubComp(int packetId, byte reasonCode) {
        return pubReply(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE, packetId, reasonCode, null);
    }

    private static MqttMessage pubReply(
            MqttMessageType type, MqttQoS qos, int packetId, byte reasonCode, String reasonString) {
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (reasonString != null) {
            props = new MqttProperties();
            props.add(new MqttProperties.StringProperty(
                    MqttProperties.MqttPropertyType.REASON_STRING.value(), reasonString));
        }
        return new MqttMessage(
                new MqttFixedHeader(type, false, qos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, reasonCode, props));
    }

    /** SUBACK refusing every filter: this server ingests and has nothing to deliver. */
    static MqttSubAckMessage subAckRefused(int packetId, int filters, boolean v5) {
        int code = v5 ? MqttReasonCodes.SubAck.NOT_AUTHORIZED.byteValue() & 0xFF : MqttQoS.FAILURE.value();
        int[] codes = new int[filters];
        Arrays.fill(codes, code);
        return new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsubAck(int packetId, int filters, boolean v5) {
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        if (!v5) {
            return new MqttUnsubAckMessage(header, MqttMessageIdVariableHeader.from(packetId));
        }
        short[] codes = new short[filters];
        Arrays.fill(codes, MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue());
        return new MqttUnsubAckMessage(
                header,
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(codes));
    }

    static MqttMessage disconnect(byte reasonCode) {
        return MqttMessageBuilders.disconnect().reasonCode(reasonCode).build();
    }

    /** MQTT 5 reason code for a PUBACK/PUBREC, given what happened to the message. */
    static byte publishReasonCode(Optional<RejectReason> wholeMessageRejection) {
        if (wholeMessageRejection.isEmpty()) {
            return MqttReasonCodes.PubAck.SUCCESS.byteValue();
        }
        return switch (wholeMessageRejection.get()) {
            case TOPIC_OUTSIDE_SCHEME -> MqttReasonCodes.PubAck.TOPIC_NAME_INVALID.byteValue();
            case UNKNOWN_STATION, STATION_INACTIVE, MN_MISMATCH, HJ212_PASSWORD_MISMATCH, FOREIGN_STATION ->
                MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue();
            case STORAGE_ERROR -> MqttReasonCodes.PubAck.IMPLEMENTATION_SPECIFIC_ERROR.byteValue();
            default -> MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue();
        };
    }
}
