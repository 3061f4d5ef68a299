package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.envmon.ingest.mqtt.MqttTestChannel.NOW;
import static org.envmon.ingest.mqtt.MqttTestChannel.TOPIC;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.envmon.ingest.pipeline.IngestRequest;
import org.junit.jupiter.api.Test;

/** Persistent sessions, session takeover and topic aliases, as MQTT clients use them. */
class MqttSessionsTest {
    private final SessionRegistry sessions = new SessionRegistry(100, Clock.fixed(NOW, ZoneOffset.UTC));

    private static MqttConnectMessage connect(
            MqttVersion version, String clientId, boolean cleanStart, Integer expiry) {
        MqttProperties properties = new MqttProperties();
        if (expiry != null) {
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), expiry));
        }
        return MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .cleanSession(cleanStart)
                .keepAlive(0)
                .properties(properties)
                .build();
    }

    private static MqttPublishMessage publish(String topic, Integer alias, MqttQoS qos, int packetId, double ph) {
        MqttProperties properties = new MqttProperties();
        if (alias != null) {
            properties.add(
                    new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value(), alias));
        }
        return MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(qos)
                .messageId(packetId)
                .properties(properties)
                .payload(Unpooled.copiedBuffer(MqttTestChannel.reading(ph), StandardCharsets.UTF_8))
                .build();
    }

    private static int property(MqttConnAckMessage ack, MqttProperties.MqttPropertyType type) {
        return (Integer)
                ack.variableHeader().properties().getProperty(type.value()).value();
    }

    private static byte reasonOf(MqttMessage reply) {
        if (reply.variableHeader() instanceof MqttPubReplyMessageVariableHeader header) {
            return header.reasonCode();
        }
        return ((MqttReasonCodeAndPropertiesVariableHeader) reply.variableHeader()).reasonCode();
    }

    @Test
    void connack_v5_offersTopicAliasesAndRetainAndSaysNoSessionAtFirst() {
        try (MqttTestChannel channel = MqttTestChannel.withSessions(sessions)) {
            MqttConnAckMessage ack = channel.connect(connect(MqttVersion.MQTT_5, "aliases-1", false, 600));

            assertThat(ack.variableHeader().isSessionPresent()).isFalse();
            assertThat(property(ack, MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM))
                    .isEqualTo(MqttTestChannel.TOPIC_ALIAS_MAXIMUM);
            assertThat(property(ack, MqttProperties.MqttPropertyType.RETAIN_AVAILABLE))
                    .isEqualTo(1);
            assertThat(ack.variableHeader()
                            .properties()
                            .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value()))
                    .as("600 s is within mqtt.maxSessionExpiry: granted as asked")
                    .isNull();
        }
    }

    @Test
    void connack_v5AskingForMoreThanTheLongestExpiry_isToldTheExpiryGranted() {
        try (MqttTestChannel channel = MqttTestChannel.withSessions(sessions)) {
            MqttConnAckMessage ack = channel.connect(connect(MqttVersion.MQTT_5, "forever-1", false, 0xFFFFFFFF));

            assertThat(property(ack, MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL))
                    .isEqualTo((int) MqttTestChannel.MAX_SESSION_EXPIRY.toSeconds());
        }
    }

    @Test
    void topicAlias_setWithATopicThenUsedAlone_bothMessagesForTheTopicsStation() {
        try (MqttTestChannel channel = MqttTestChannel.withSessions(sessions)) {
            channel.connect(connect(MqttVersion.MQTT_5, "aliases-2", true, null));

            channel.send(publish(TOPIC, 3, MqttQoS.AT_LEAST_ONCE, 1, 7.1));
            channel.send(publish("", 3, MqttQoS.AT_LEAST_ONCE, 2, 7.2));

            List<IngestRequest> queued = channel.commitQueued();
            assertThat(queued).hasSize(2).allSatisfy(request -> {
                assertThat(request.stationCode()).isEqualTo(MqttTestChannel.STATION);
                assertThat(request.readings()).isNotEmpty();
            });
            assertThat(channel.replies())
                    .extracting(reply -> reply.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.PUBACK, MqttMessageType.PUBACK);
        }
    }

    @Test
    void topicAlias_usedBeforeItWasSet_disconnectsWithTopicAliasInvalid() {
        assertDisconnectedForAlias(publish("", 2, MqttQoS.AT_LEAST_ONCE, 1, 7.0));
    }

    @Test
    void topicAlias_aboveTheMaximumOffered_disconnectsWithTopicAliasInvalid() {
        assertDisconnectedForAlias(
                publish(TOPIC, MqttTestChannel.TOPIC_ALIAS_MAXIMUM + 1, MqttQoS.AT_LEAST_ONCE, 1, 7.0));
    }

    private void assertDisconnectedForAlias(MqttPublishMessage publish) {
        try (MqttTestChannel channel = MqttTestChannel.withSessions(sessions)) {
            channel.connect(connect(MqttVersion.MQTT_5, "aliases-bad", true, null));

            channel.send(publish);

            List<MqttMessage> replies = channel.replies();
            assertThat(replies).singleElement().satisfies(reply -> {
                assertThat(reply.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
                assertThat(reasonOf(reply)).isEqualTo((byte) 0x94);
            });
            assertThat(channel.takeQueued()).isEmpty();
            assertThat(channel.isOpen()).isFalse();
        }
    }

    @Test
    void persistentSession_v5_reconnectFindsTheSessionAndRecognisesTheResentQos2Message() {
        try (MqttTestChannel first = MqttTestChannel.withSessions(sessions)) {
            first.connect(connect(MqttVersion.MQTT_5, "logger-7", false, 600));
            first.send(publish(TOPIC, null, MqttQoS.EXACTLY_ONCE, 7, 7.7));
            first.commitQueued();
            assertThat(first.replies())
                    .extracting(reply -> reply.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.PUBREC);
        }

        try (MqttTestChannel again = MqttTestChannel.withSessions(sessions)) {
            MqttConnAckMessage ack = again.connect(connect(MqttVersion.MQTT_5, "logger-7", false, 600));
            assertThat(ack.variableHeader().isSessionPresent()).isTrue();

            again.send(MqttTestChannel.duplicate(MqttQoS.EXACTLY_ONCE, 7, MqttTestChannel.reading(7.7)));
            assertThat(again.takeQueued())
                    .as("stored once: the resent PUBLISH is recognised")
                    .isEmpty();
            again.send(MqttTestChannel.pubRel(7));

            List<MqttMessage> replies = again.replies();
            assertThat(replies)
                    .extracting(reply -> reply.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.PUBREC, MqttMessageType.PUBCOMP);
            assertThat(reasonOf(replies.get(1))).isZero();
        }
    }

    @Test
    void persistentSession_mqtt311CleanSessionZero_isKeptAcrossReconnects() {
        try (MqttTestChannel first = MqttTestChannel.withSessions(sessions)) {
            MqttConnAckMessage ack = first.connect(connect(MqttVersion.MQTT_3_1_1, "logger-311", false, null));
            assertThat(ack.variableHeader().isSessionPresent()).isFalse();
        }
        try (MqttTestChannel again = MqttTestChannel.withSessions(sessions)) {
            MqttConnAckMessage ack = again.connect(connect(MqttVersion.MQTT_3_1_1, "logger-311", false, null));
            assertThat(ack.variableHeader().isSessionPresent()).isTrue();
        }
    }

    @Test
    void session_v5WithoutExpiryOrWithCleanStart_isNotKept() {
        try (MqttTestChannel first = MqttTestChannel.withSessions(sessions)) {
            first.connect(connect(MqttVersion.MQTT_5, "short-lived", false, null));
        }
        try (MqttTestChannel again = MqttTestChannel.withSessions(sessions)) {
            assertThat(again.connect(connect(MqttVersion.MQTT_5, "short-lived", false, 600))
                            .variableHeader()
                            .isSessionPresent())
                    .as("no Session Expiry Interval: the session ended with the connection")
                    .isFalse();
        }
        try (MqttTestChannel fresh = MqttTestChannel.withSessions(sessions)) {
            assertThat(fresh.connect(connect(MqttVersion.MQTT_5, "short-lived", true, 600))
                            .variableHeader()
                            .isSessionPresent())
                    .as("Clean Start discards the kept session")
                    .isFalse();
        }
    }

    @Test
    void sameClientIdConnectsAgain_previousConnectionToldSessionTakenOverAndClosed() {
        try (MqttTestChannel first = MqttTestChannel.withSessions(sessions);
                MqttTestChannel second = MqttTestChannel.withSessions(sessions)) {
            first.connect(connect(MqttVersion.MQTT_5, "twin", false, 600));

            second.connect(connect(MqttVersion.MQTT_5, "twin", false, 600));
            first.advance(java.time.Duration.ZERO);

            assertThat(first.replies()).singleElement().satisfies(reply -> {
                assertThat(reply.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
                assertThat(reasonOf(reply)).isEqualTo((byte) 0x8E);
            });
            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isTrue();
        }
    }
}
