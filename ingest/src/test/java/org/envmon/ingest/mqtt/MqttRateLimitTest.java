package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.pipeline.IngestRequest;
import org.junit.jupiter.api.Test;

/** A station over limits.stationMessagesPerSecond: the excess is not acknowledged and the connection closes. */
class MqttRateLimitTest {
    @Test
    void publish_overStationRateMqtt5_disconnectMessageRateTooHighAndRecorded() {
        try (MqttTestChannel channel = MqttTestChannel.rateLimited(3)) {
            channel.connected(MqttVersion.MQTT_5);
            for (int id = 1; id <= 4; id++) {
                channel.send(MqttTestChannel.publish(MqttQoS.AT_LEAST_ONCE, id, MqttTestChannel.reading(7)));
            }
            List<IngestRequest> queued = channel.takeQueued();
            assertThat(queued).hasSize(4);
            assertThat(queued.subList(0, 3))
                    .allSatisfy(request -> assertThat(request.readings()).hasSize(2));
            assertThat(queued.get(3).rejections())
                    .singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.RATE_LIMITED));
            assertThat(channel.replies())
                    .as("the stored messages are answered first")
                    .isEmpty();
            assertThat(channel.isOpen()).isTrue();

            channel.complete(queued, MqttTestChannel::committed);

            List<MqttMessage> replies = channel.replies();
            assertThat(replies)
                    .extracting(m -> m.fixedHeader().messageType())
                    .containsExactly(
                            MqttMessageType.PUBACK,
                            MqttMessageType.PUBACK,
                            MqttMessageType.PUBACK,
                            MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader)
                                    replies.get(3).variableHeader())
                            .reasonCode())
                    .isEqualTo((byte) 0x96);
            assertThat(channel.isOpen()).isFalse();
        }
    }

    @Test
    void publish_overStationRateMqtt311_storedMessageAcknowledgedThenClosedWithoutTheExcess() {
        try (MqttTestChannel channel = MqttTestChannel.rateLimited(1)) {
            channel.connected(MqttVersion.MQTT_3_1_1);
            channel.send(MqttTestChannel.publish(MqttQoS.AT_LEAST_ONCE, 1, MqttTestChannel.reading(7)));
            channel.send(MqttTestChannel.publish(MqttQoS.AT_LEAST_ONCE, 2, MqttTestChannel.reading(7.1)));
            assertThat(channel.isOpen()).isTrue();

            channel.commitQueued();

            assertThat(channel.replies())
                    .singleElement()
                    .satisfies(m -> assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK));
            assertThat(channel.isOpen()).isFalse();
        }
    }

    @Test
    void publish_overStationRateWhileStorageNeverAnswers_closedAfterTheSettleLimit() {
        try (MqttTestChannel channel = MqttTestChannel.rateLimited(1)) {
            channel.connected(MqttVersion.MQTT_3_1_1);
            channel.send(MqttTestChannel.publish(MqttQoS.AT_LEAST_ONCE, 1, MqttTestChannel.reading(7)));
            channel.send(MqttTestChannel.publish(MqttQoS.AT_LEAST_ONCE, 2, MqttTestChannel.reading(7.1)));

            channel.advance(MqttCloser.SETTLE_LIMIT);

            assertThat(channel.isOpen()).isFalse();
            assertThat(channel.replies()).isEmpty();
        }
    }
}
