package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.security.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Login and topic authorisation on the real MQTT pipeline, with anonymous access off (the default). */
class MqttAuthTest {
    private static final String SECRET = "right-secret";
    private static final String OTHER = "ST02";

    private static MqttTestChannel secured() {
        return MqttTestChannel.secured(stations());
    }

    private static StationDirectory stations() {
        StationDirectory stations = new StationDirectory();
        // Few iterations keep the test fast; the count travels with the hash, as in production.
        stations.put(
                MqttTestChannel.STATION,
                new StationProfile(
                        1,
                        ZoneOffset.UTC,
                        Optional.empty(),
                        CrcMode.STANDARD,
                        Optional.of(PasswordHash.hash(SECRET, 1_000))));
        stations.put(
                OTHER,
                new StationProfile(
                        2,
                        ZoneOffset.UTC,
                        Optional.empty(),
                        CrcMode.STANDARD,
                        Optional.of(PasswordHash.hash("other-secret", 1_000))));
        stations.put("ST03", new StationProfile(3, ZoneOffset.UTC, Optional.empty(), CrcMode.STANDARD));
        return stations;
    }

    private static byte code(MqttConnAckMessage ack) {
        return ack.variableHeader().connectReturnCode().byteValue();
    }

    private static Rejection onlyRejection(List<IngestRequest> queued) {
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).rejections()).hasSize(1);
        return queued.get(0).rejections().get(0);
    }

    @ParameterizedTest
    @EnumSource(
            value = MqttVersion.class,
            names = {"MQTT_3_1_1", "MQTT_5"})
    void connect_afterTooManyWrongPasswords_evenTheRightOneRefusedUncheckedAndNotRecorded(MqttVersion version) {
        LoginThrottle throttle =
                new LoginThrottle(3, Duration.ofMinutes(1), 1000, Clock.fixed(MqttTestChannel.NOW, ZoneOffset.UTC));
        StationDirectory stations = stations();
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (MqttTestChannel channel = MqttTestChannel.secured(stations, throttle)) {
                assertThat(code(channel.connect(version, "guesser", 0, MqttTestChannel.STATION, "guess" + attempt)))
                        .isEqualTo(version == MqttVersion.MQTT_5 ? (byte) 0x86 : (byte) 0x04);
                Rejection rejection = onlyRejection(channel.takeQueued());
                assertThat(rejection.detail().contains("refused unchecked"))
                        .as("attempt %d says it blocks", attempt)
                        .isEqualTo(attempt == 3);
            }
        }
        try (MqttTestChannel channel = MqttTestChannel.secured(stations, throttle)) {
            MqttConnAckMessage ack = channel.connect(version, "guesser", 0, MqttTestChannel.STATION, SECRET);
            assertThat(code(ack)).isEqualTo(version == MqttVersion.MQTT_5 ? (byte) 0x9F : (byte) 0x05);
            assertThat(channel.isOpen()).isFalse();
            assertThat(channel.takeQueued())
                    .as("a blocked attempt writes no row")
                    .isEmpty();
        }
        try (MqttTestChannel channel = MqttTestChannel.secured(stations, throttle)) {
            assertThat(code(channel.connect(version, "neighbour", 0, OTHER, "other-secret")))
                    .as("another station from the same address")
                    .isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = MqttVersion.class,
            names = {"MQTT_3_1_1", "MQTT_5"})
    void connect_noUserNameWhileAnonymousOff_refusedNotAuthorizedAndRecorded(MqttVersion version) {
        try (MqttTestChannel channel = secured()) {
            MqttConnAckMessage ack = channel.connect(version, "anon", 0);
            assertThat(code(ack)).isEqualTo(version == MqttVersion.MQTT_5 ? (byte) 0x87 : (byte) 0x05);
            assertThat(channel.isOpen()).isFalse();
            Rejection rejection = onlyRejection(channel.takeQueued());
            assertThat(rejection.reason()).isEqualTo(RejectReason.ANONYMOUS_REFUSED);
            assertThat(rejection.origin().clientId()).isEqualTo("anon");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = MqttVersion.class,
            names = {"MQTT_3_1_1", "MQTT_5"})
    void connect_wrongPassword_refusedBadCredentialsAndRecordedWithoutTheSecret(MqttVersion version) {
        try (MqttTestChannel channel = secured()) {
            MqttConnAckMessage ack = channel.connect(version, "c1", 0, MqttTestChannel.STATION, "guess");
            assertThat(code(ack)).isEqualTo(version == MqttVersion.MQTT_5 ? (byte) 0x86 : (byte) 0x04);
            assertThat(channel.isOpen()).isFalse();
            Rejection rejection = onlyRejection(channel.takeQueued());
            assertThat(rejection.reason()).isEqualTo(RejectReason.BAD_CREDENTIALS);
            assertThat(rejection.detail()).contains("wrong password").doesNotContain("guess");
        }
    }

    @Test
    void connect_otherStationsPassword_refused() {
        try (MqttTestChannel channel = secured()) {
            MqttConnAckMessage ack =
                    channel.connect(MqttVersion.MQTT_3_1_1, "c1", 0, MqttTestChannel.STATION, "other-secret");
            assertThat(code(ack)).isEqualTo((byte) 0x04);
        }
    }

    @Test
    void connect_stationWithoutPassword_refusedAndOperatorToldWhy() {
        try (MqttTestChannel channel = secured()) {
            MqttConnAckMessage ack = channel.connect(MqttVersion.MQTT_3_1_1, "c3", 0, "ST03", "");
            assertThat(code(ack)).isEqualTo((byte) 0x04);
            assertThat(onlyRejection(channel.takeQueued()).detail()).contains("stations passwd");
        }
    }

    @Test
    void connect_unknownStation_sameAnswerAsWrongPassword() {
        try (MqttTestChannel channel = secured()) {
            MqttConnAckMessage ack = channel.connect(MqttVersion.MQTT_5, "c9", 0, "NOPE", SECRET);
            assertThat(code(ack)).isEqualTo((byte) 0x86);
            assertThat(onlyRejection(channel.takeQueued()).detail()).contains("no active station");
        }
    }

    @Test
    void publish_ownTopicAfterLogin_accepted() {
        try (MqttTestChannel channel = secured()) {
            assertThat(code(channel.connect(MqttVersion.MQTT_5, "c1", 0, MqttTestChannel.STATION, SECRET)))
                    .isZero();
            channel.send(MqttTestChannel.publish(MqttQoS.AT_LEAST_ONCE, 1, MqttTestChannel.reading(7.1)));
            List<IngestRequest> queued = channel.commitQueued();
            assertThat(queued).hasSize(1);
            assertThat(queued.get(0).readings()).hasSize(2);
            assertThat(queued.get(0).rejections()).isEmpty();
            List<MqttMessage> replies = channel.replies();
            assertThat(replies).hasSize(1);
            assertThat(((MqttPubReplyMessageVariableHeader) replies.get(0).variableHeader()).reasonCode())
                    .isZero();
        }
    }

    @Test
    void publish_otherStationsTopic_quarantinedAndAnsweredNotAuthorized() {
        try (MqttTestChannel channel = secured()) {
            assertThat(code(channel.connect(MqttVersion.MQTT_5, "c1", 0, MqttTestChannel.STATION, SECRET)))
                    .isZero();
            channel.send(MqttMessageBuilders.publish()
                    .topicName("stations/" + OTHER + "/readings")
                    .qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(7)
                    .retained(false)
                    .payload(Unpooled.copiedBuffer(MqttTestChannel.reading(7.1), StandardCharsets.UTF_8))
                    .build());
            List<IngestRequest> queued = channel.takeQueued();
            Rejection rejection = onlyRejection(queued);
            assertThat(queued.get(0).readings()).isEmpty();
            assertThat(rejection.reason()).isEqualTo(RejectReason.FOREIGN_STATION);
            assertThat(rejection.detail()).contains(MqttTestChannel.STATION).contains(OTHER);
            channel.complete(
                    queued,
                    request -> org.envmon.ingest.pipeline.WriteOutcome.committed(
                            0, List.of(RejectReason.FOREIGN_STATION)));
            List<MqttMessage> replies = channel.replies();
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0).fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
            assertThat(((MqttPubReplyMessageVariableHeader) replies.get(0).variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x87);
            assertThat(channel.isOpen()).isTrue();
        }
    }

    @Test
    void connect_publishPipelinedBehindConnect_handledAfterTheLogin() {
        try (MqttTestChannel channel = secured()) {
            channel.sendPipelined(
                    MqttVersion.MQTT_3_1_1,
                    MqttTestChannel.STATION,
                    SECRET,
                    MqttTestChannel.publish(MqttQoS.AT_LEAST_ONCE, 3, MqttTestChannel.reading(7.2)));
            List<MqttMessage> replies = channel.replies();
            assertThat(replies).extracting(m -> m.fixedHeader().messageType()).containsExactly(MqttMessageType.CONNACK);
            assertThat(channel.commitQueued()).hasSize(1);
            assertThat(channel.replies())
                    .extracting(m -> m.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.PUBACK);
        }
    }
}
