package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.envmon.ingest.mqtt.MqttTestChannel.duplicate;
import static org.envmon.ingest.mqtt.MqttTestChannel.pubRel;
import static org.envmon.ingest.mqtt.MqttTestChannel.publish;
import static org.envmon.ingest.mqtt.MqttTestChannel.reading;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import java.util.List;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Protocol-level tests of {@link MqttConnectionHandler} in the pipeline {@link MqttChannelInitializer}
 * builds: real MQTT bytes in, real MQTT bytes out, the test acting as client and as database writer.
 */
class MqttConnectionHandlerTest {
    private static final MqttVersion V311 = MqttVersion.MQTT_3_1_1;
    private static final MqttVersion V5 = MqttVersion.MQTT_5;

    private MqttTestChannel mqtt = MqttTestChannel.open();

    @AfterEach
    void closeChannels() {
        mqtt.close();
    }

    @Nested
    class Handshake {
        @Test
        void connect_mqtt311Valid_acceptedWithoutSession() {
            MqttConnAckMessage ack = mqtt.connect(V311, "sensor-1", 60);

            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(ack.variableHeader().isSessionPresent()).isFalse();
            assertThat(mqtt.isOpen()).isTrue();
        }

        @Test
        void connect_mqtt5Valid_connAckAdvertisesServerLimits() {
            MqttConnAckMessage ack = mqtt.connect(V5, "sensor-1", 60);

            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            MqttProperties props = ack.variableHeader().properties();
            assertThat(property(props, MqttPropertyType.MAXIMUM_PACKET_SIZE))
                    .isEqualTo(MqttTestChannel.MAX_PACKET_SIZE);
            assertThat(property(props, MqttPropertyType.RECEIVE_MAXIMUM)).isEqualTo(MqttTestChannel.RECEIVE_MAXIMUM);
            // Retained messages are stored as readings like any other (nothing is kept to deliver later).
            assertThat(property(props, MqttPropertyType.RETAIN_AVAILABLE)).isEqualTo(1);
            assertThat(property(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM))
                    .isEqualTo(MqttTestChannel.TOPIC_ALIAS_MAXIMUM);
            assertThat(props.getProperty(MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value()))
                    .isNull();
        }

        @Test
        void connect_mqtt5EmptyClientId_assignedClientIdentifierReturned() {
            MqttConnAckMessage ack = mqtt.connect(V5, "", 60);

            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(property(ack.variableHeader().properties(), MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER))
                    .asString()
                    .isNotBlank();
        }

        @Test
        void connect_unsupportedProtocolLevel_refusedWithCode1AndClosed() {
            mqtt.sendRaw(
                    0x10, 14, // CONNECT, remaining length
                    0x00, 0x04, 'M', 'Q', 'T', 'T', 9, // protocol name "MQTT", level 9
                    0x02, 0x00, 0x3C, // clean session, keep-alive 60 s
                    0x00, 0x02, 'c', '1'); // client id "c1"

            List<MqttMessage> replies = mqtt.replies();
            assertThat(replies).singleElement().isInstanceOf(MqttConnAckMessage.class);
            assertThat(((MqttConnAckMessage) replies.get(0))
                            .variableHeader()
                            .connectReturnCode()
                            .byteValue())
                    .isEqualTo((byte) 0x01);
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void connect_secondConnectMqtt5_disconnectProtocolErrorThenClosed() {
            mqtt.connected(V5);

            mqtt.send(MqttMessageBuilders.connect()
                    .protocolVersion(V5)
                    .clientId("sensor-1")
                    .build());

            assertThat(mqtt.replies()).singleElement().satisfies(reply -> {
                assertThat(reply.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
                assertThat(reasonCode(reply)).isEqualTo((byte) 0x82);
            });
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void connect_secondConnectMqtt311_closedWithoutReply() {
            mqtt.connected(V311);

            mqtt.send(MqttMessageBuilders.connect()
                    .protocolVersion(V311)
                    .clientId("sensor-1")
                    .build());

            assertThat(mqtt.replies()).isEmpty();
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void connect_clientIdAtConfiguredLimit_accepted() {
            MqttConnAckMessage ack = mqtt.connect(V311, "c".repeat(MqttTestChannel.MAX_CLIENT_ID_LENGTH), 60);

            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(mqtt.isOpen()).isTrue();
        }

        @Test
        void connect_clientIdTooLongMqtt311_refusedIdentifierRejectedAndClosed() {
            MqttConnAckMessage ack = mqtt.connect(V311, "c".repeat(MqttTestChannel.MAX_CLIENT_ID_LENGTH + 1), 60);

            assertThat(ack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x02);
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void connect_clientIdTooLongMqtt5_refusedClientIdNotValidAndClosed() {
            MqttConnAckMessage ack = mqtt.connect(V5, "c".repeat(MqttTestChannel.MAX_CLIENT_ID_LENGTH + 1), 60);

            assertThat(ack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x85);
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void channelRead_publishBeforeConnect_closedAndNothingQueued() {
            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, 1, reading(7.0)));

            assertThat(mqtt.isOpen()).isFalse();
            assertThat(mqtt.replies()).isEmpty();
            assertThat(mqtt.queue.requests()).isZero();
        }

        @Test
        void channelRead_pingBeforeConnect_closedWithoutPingResp() {
            mqtt.send(MqttMessage.PINGREQ);

            assertThat(mqtt.isOpen()).isFalse();
            assertThat(mqtt.replies()).isEmpty();
        }

        @Test
        void connectTimeout_noConnect_closedAfterTimeout() {
            mqtt.advance(MqttTestChannel.CONNECT_TIMEOUT.minusMillis(100));
            assertThat(mqtt.isOpen()).isTrue();

            mqtt.advance(Duration.ofMillis(200));

            assertThat(mqtt.isOpen()).isFalse();
            assertThat(mqtt.deadlineMissed()).isEqualTo(1);
        }

        @Test
        void connectTimeout_connectInTime_staysOpen() {
            mqtt.connected(V311);

            mqtt.advance(MqttTestChannel.CONNECT_TIMEOUT.multipliedBy(3));

            assertThat(mqtt.isOpen()).isTrue();
        }
    }

    @Nested
    class Session {
        @Test
        void pingReq_connected_pingResp() {
            mqtt.connected(V311);

            mqtt.send(MqttMessage.PINGREQ);

            assertThat(mqtt.replies())
                    .extracting(reply -> reply.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.PINGRESP);
            assertThat(mqtt.isOpen()).isTrue();
        }

        @Test
        void disconnect_connected_channelClosed() {
            mqtt.connected(V311);

            mqtt.send(MqttMessage.DISCONNECT);

            assertThat(mqtt.isOpen()).isFalse();
            assertThat(mqtt.replies()).isEmpty();
        }

        @Test
        void subscribe_mqtt311_subAckFailureForEveryFilter() {
            mqtt.connected(V311);

            mqtt.send(MqttMessageBuilders.subscribe()
                    .messageId(3)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "stations/+/readings")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "alerts/#")
                    .build());

            assertThat(mqtt.replies()).singleElement().isInstanceOfSatisfying(MqttSubAckMessage.class, subAck -> {
                assertThat(subAck.variableHeader().messageId()).isEqualTo(3);
                assertThat(subAck.payload().reasonCodes()).containsExactly(0x80, 0x80);
            });
            assertThat(mqtt.isOpen()).isTrue();
        }

        @Test
        void unsubscribe_mqtt311_unsubAckWithPacketId() {
            mqtt.connected(V311);

            mqtt.send(MqttMessageBuilders.unsubscribe()
                    .messageId(4)
                    .addTopicFilter("alerts/#")
                    .build());

            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("UNSUBACK 4");
            assertThat(mqtt.isOpen()).isTrue();
        }

        @Test
        void keepAlive_noTrafficForOneAndAHalfKeepAlives_closed() {
            mqtt.connect(V311, "sensor-1", 1);
            mqtt.advance(Duration.ofMillis(1400));
            assertThat(mqtt.isOpen()).isTrue();

            mqtt.advance(Duration.ofMillis(200));

            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void keepAlive_mqtt5NoTraffic_disconnectKeepAliveTimeoutThenClosed() {
            mqtt.connect(V5, "sensor-1", 1);

            mqtt.advance(Duration.ofMillis(1600));

            assertThat(mqtt.replies()).singleElement().satisfies(reply -> {
                assertThat(reply.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
                assertThat(reasonCode(reply)).isEqualTo((byte) 0x8D);
            });
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void keepAlive_pingEverySecond_staysOpenPastOneAndAHalfKeepAlives() {
            mqtt.connect(V311, "sensor-1", 1);

            for (int second = 1; second <= 4; second++) {
                mqtt.advance(Duration.ofSeconds(1));
                assertThat(mqtt.isOpen()).as("open after %d s", second).isTrue();
                mqtt.send(MqttMessage.PINGREQ);
                assertThat(mqtt.replies())
                        .extracting(reply -> reply.fixedHeader().messageType())
                        .containsExactly(MqttMessageType.PINGRESP);
            }
        }
    }

    @Nested
    class Publishing {
        @BeforeEach
        void connect() {
            mqtt.connected(V311);
        }

        @Test
        void publish_qos0_queuedAndNeverAcknowledged() {
            mqtt.send(publish(MqttQoS.AT_MOST_ONCE, 0, reading(7.2)));

            List<IngestRequest> batch = mqtt.takeQueued();
            assertThat(batch).singleElement().satisfies(request -> {
                assertThat(request.stationCode()).isEqualTo(MqttTestChannel.STATION);
                assertThat(request.origin().topic()).isEqualTo(MqttTestChannel.TOPIC);
                assertThat(request.readings()).hasSize(2);
            });
            mqtt.complete(batch, MqttTestChannel::committed);
            mqtt.advance(Duration.ofSeconds(1));

            assertThat(mqtt.replies()).isEmpty();
            assertThat(mqtt.isOpen()).isTrue();
        }

        @Test
        void publish_qos1_pubAckOnlyAfterWriteCompleted() {
            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, 7, reading(7.2)));
            List<IngestRequest> batch = mqtt.takeQueued();
            assertThat(batch).hasSize(1);
            mqtt.server.runPendingTasks();
            assertThat(mqtt.replies())
                    .as("no PUBACK before the write completed")
                    .isEmpty();

            mqtt.complete(batch, MqttTestChannel::committed);

            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBACK 7");
        }

        @Test
        void publish_qos1WriteFails_noPubAckAndClosed() {
            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, 7, reading(7.2)));

            mqtt.complete(mqtt.takeQueued(), request -> WriteOutcome.failed(new IllegalStateException("db down")));

            assertThat(mqtt.replies()).isEmpty();
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void publish_qos2_pubRecAfterWriteThenPubCompOnPubRel() {
            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, 5, reading(7.1)));
            List<IngestRequest> batch = mqtt.takeQueued();
            assertThat(batch).hasSize(1);
            assertThat(mqtt.replies())
                    .as("no PUBREC before the write completed")
                    .isEmpty();

            mqtt.complete(batch, MqttTestChannel::committed);
            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBREC 5");

            mqtt.send(pubRel(5));
            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBCOMP 5");
            assertThat(mqtt.isOpen()).isTrue();
        }

        @Test
        void publish_qos2DuplicateWhileStoring_notQueuedAgainAndSinglePubRec() {
            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, 5, reading(7.1)));
            List<IngestRequest> batch = mqtt.takeQueued();

            mqtt.send(duplicate(MqttQoS.EXACTLY_ONCE, 5, reading(7.1)));
            assertThat(mqtt.queue.requests())
                    .as("only the first delivery is in the queue")
                    .isEqualTo(1);
            assertThat(mqtt.replies()).isEmpty();

            mqtt.complete(batch, MqttTestChannel::committed);
            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBREC 5");
            assertThat(mqtt.takeQueued()).isEmpty();
        }

        @Test
        void publish_qos2DuplicateAfterPubRec_pubRecResentAndNotQueued() {
            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, 5, reading(7.1)));
            mqtt.commitQueued();
            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBREC 5");

            mqtt.send(duplicate(MqttQoS.EXACTLY_ONCE, 5, reading(7.1)));

            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBREC 5");
            assertThat(mqtt.queue.requests()).isZero();
        }

        @Test
        void publish_qos2PacketIdReusedAfterPubComp_queuedAsNewMessage() {
            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, 5, reading(7.1)));
            mqtt.commitQueued();
            mqtt.send(pubRel(5));
            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBREC 5", "PUBCOMP 5");

            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, 5, reading(7.3)));

            List<IngestRequest> batch = mqtt.takeQueued();
            assertThat(batch)
                    .singleElement()
                    .satisfies(request -> assertThat(request.readings())
                            .anySatisfy(r -> assertThat(r.value()).isEqualTo(7.3)));
            mqtt.complete(batch, MqttTestChannel::committed);
            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBREC 5");
        }

        @Test
        void publish_packetLargerThanMaxPacketSize_closedAndPacketTooLargeRecorded() {
            String payload = "x".repeat(MqttTestChannel.MAX_PACKET_SIZE + 100);

            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, 8, payload));

            assertThat(mqtt.isOpen()).isFalse();
            assertThat(mqtt.replies()).isEmpty();
            assertThat(mqtt.takeQueued()).singleElement().satisfies(request -> {
                assertThat(request.readings()).isEmpty();
                assertThat(request.rejections())
                        .extracting(Rejection::reason)
                        .containsExactly(RejectReason.PACKET_TOO_LARGE);
            });
        }
    }

    @Nested
    class PublishingMqtt5 {
        @Test
        void publish_mqtt5MalformedJsonQos1_pubAckPayloadFormatInvalidAndStaysOpen() {
            mqtt.connected(V5);
            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, 9, "{\"ts\": not json"));
            List<IngestRequest> batch = mqtt.takeQueued();
            assertThat(batch)
                    .singleElement()
                    .satisfies(request -> assertThat(request.rejections())
                            .extracting(Rejection::reason)
                            .containsExactly(RejectReason.MALFORMED_JSON));

            mqtt.complete(batch, request -> WriteOutcome.committed(0, List.of(RejectReason.MALFORMED_JSON)));

            assertThat(mqtt.replies()).singleElement().satisfies(reply -> {
                assertThat(typeAndId(reply)).isEqualTo("PUBACK 9");
                MqttPubReplyMessageVariableHeader header = (MqttPubReplyMessageVariableHeader) reply.variableHeader();
                assertThat(header.reasonCode()).isEqualTo((byte) 0x99);
                assertThat(property(header.properties(), MqttPropertyType.REASON_STRING))
                        .isEqualTo("malformed_json");
            });
            assertThat(mqtt.isOpen()).isTrue();
        }
    }

    @Nested
    class InFlightLimit {
        private static final int LIMIT = MqttTestChannel.RECEIVE_MAXIMUM;

        @Test
        void publish_mqtt311AtReceiveMaximum_readingPausedUntilAnAckGoesOut() {
            mqtt.connected(V311);
            for (int id = 1; id <= LIMIT; id++) {
                assertThat(mqtt.autoRead()).as("reading before message %d", id).isTrue();
                mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, id, reading(id)));
            }
            assertThat(mqtt.autoRead())
                    .as("paused with %d messages waiting to be stored", LIMIT)
                    .isFalse();

            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, LIMIT + 1, reading(LIMIT + 1)));
            mqtt.send(publish(MqttQoS.AT_MOST_ONCE, 0, reading(LIMIT + 2)));
            List<IngestRequest> first = mqtt.takeQueued();
            assertThat(first)
                    .as("packets beyond the limit wait in the socket, not in the queue")
                    .hasSize(LIMIT);
            assertThat(mqtt.isOpen())
                    .as("an MQTT 3.1.1 client is held back, not disconnected")
                    .isTrue();

            mqtt.complete(first, MqttTestChannel::committed);

            assertThat(mqtt.replies()).hasSize(LIMIT);
            assertThat(mqtt.takeQueued())
                    .extracting(MqttConnectionHandlerTest::phValue)
                    .containsExactly(LIMIT + 1.0, LIMIT + 2.0);
        }

        @Test
        void publish_mqtt311Qos2NeverReleased_closedAtReceiveMaximumAfterStoringThem() {
            mqtt.connected(V311);
            for (int id = 1; id <= LIMIT; id++) {
                mqtt.send(publish(MqttQoS.EXACTLY_ONCE, id, reading(id)));
                mqtt.commitQueued();
            }
            assertThat(mqtt.replies()).as("PUBRECs").hasSize(LIMIT);
            assertThat(mqtt.isOpen()).isTrue();

            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, LIMIT + 1, reading(LIMIT + 1)));

            assertThat(mqtt.isOpen())
                    .as("the set of unreleased ids must not grow without bound")
                    .isFalse();
            assertThat(mqtt.takeQueued()).isEmpty();
        }

        @Test
        void publish_mqtt5BeyondReceiveMaximum_disconnectReceiveMaximumExceeded() {
            mqtt.connect(V5, "eager", 0);
            for (int id = 1; id <= LIMIT; id++) {
                mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, id, reading(id)));
            }
            assertThat(mqtt.isOpen())
                    .as("up to the announced receive maximum is fine")
                    .isTrue();
            assertThat(mqtt.autoRead()).isTrue();

            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, LIMIT + 1, reading(LIMIT + 1)));

            assertThat(mqtt.replies())
                    .as("the messages in storage are answered first")
                    .isEmpty();
            assertThat(mqtt.autoRead()).isFalse();
            assertThat(mqtt.commitQueued()).hasSize(LIMIT);
            List<MqttMessage> replies = mqtt.replies();
            assertThat(replies).hasSize(LIMIT + 1);
            assertThat(replies.subList(0, LIMIT))
                    .allSatisfy(reply ->
                            assertThat(reply.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK));
            assertThat(replies.get(LIMIT)).satisfies(reply -> {
                assertThat(reply.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
                assertThat(reasonCode(reply)).isEqualTo((byte) 0x93);
            });
            assertThat(mqtt.isOpen()).isFalse();
        }

        @Test
        void publish_mqtt5Qos2AwaitingPubRel_countsUntilPubComp() {
            mqtt.connect(V5, "qos2", 0);
            for (int id = 1; id <= LIMIT; id++) {
                mqtt.send(publish(MqttQoS.EXACTLY_ONCE, id, reading(id)));
            }
            mqtt.commitQueued();
            assertThat(mqtt.replies()).as("PUBRECs").hasSize(LIMIT);
            mqtt.send(pubRel(1));
            assertThat(mqtt.replies())
                    .extracting(MqttConnectionHandlerTest::typeAndId)
                    .containsExactly("PUBCOMP 1");

            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, LIMIT + 1, reading(LIMIT + 1)));
            assertThat(mqtt.isOpen()).as("one slot freed by PUBCOMP").isTrue();
            mqtt.send(publish(MqttQoS.EXACTLY_ONCE, LIMIT + 2, reading(LIMIT + 2)));

            assertThat(mqtt.isOpen())
                    .as("closing, after answering the message in storage")
                    .isTrue();
            mqtt.commitQueued();
            assertThat(mqtt.replies())
                    .as("stored but unreleased QoS 2 messages still count")
                    .extracting(reply -> reply.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.PUBREC, MqttMessageType.DISCONNECT);
            assertThat(mqtt.isOpen()).isFalse();
        }
    }

    @Nested
    class BackPressure {
        @BeforeEach
        void smallQueue() {
            mqtt.close();
            mqtt = MqttTestChannel.withoutInFlightLimit(new IngestQueue(65_536));
            mqtt.connected(V311);
        }

        @Test
        void publish_queueFull_readingPausedAndLaterPacketsHeldUntilDrained() {
            int refused = publishUntilAutoReadStops();
            int queuedBeforePause = mqtt.queue.requests();
            assertThat(queuedBeforePause)
                    .as("requests admitted before the refused one")
                    .isEqualTo(refused - 1);

            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, refused + 1, reading(refused + 1)));
            mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, refused + 2, reading(refused + 2)));
            assertThat(mqtt.queue.requests())
                    .as("held packets are not delivered")
                    .isEqualTo(queuedBeforePause);
            assertThat(mqtt.autoRead()).isFalse();

            List<IngestRequest> drained = mqtt.commitQueued();

            assertThat(drained).hasSize(queuedBeforePause);
            assertThat(mqtt.autoRead()).isTrue();
            assertThat(mqtt.takeQueued())
                    .extracting(MqttConnectionHandlerTest::phValue)
                    .containsExactly((double) refused, refused + 1.0, refused + 2.0);
            assertThat(mqtt.replies())
                    .hasSize(queuedBeforePause)
                    .allSatisfy(reply ->
                            assertThat(reply.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK));
        }

        @Test
        void keepAlive_pausedLongerThanKeepAlive_notDisconnectedWhileOrRightAfterPause() {
            mqtt.close();
            mqtt = MqttTestChannel.withoutInFlightLimit(new IngestQueue(65_536));
            mqtt.connect(V311, "slow-db", 1);
            mqtt.replies();
            publishUntilAutoReadStops();

            mqtt.advance(Duration.ofSeconds(5));
            assertThat(mqtt.isOpen())
                    .as("silent because the server does not read")
                    .isTrue();

            mqtt.commitQueued();
            assertThat(mqtt.autoRead()).isTrue();
            mqtt.advance(Duration.ofMillis(1_000));
            assertThat(mqtt.isOpen())
                    .as("reading resumed; not disconnected for the pause")
                    .isTrue();

            mqtt.advance(Duration.ofMillis(1_000));
            mqtt.commitQueued();
            assertThat(mqtt.isOpen())
                    .as("and still expires 1.5 x keep-alive after that (once what it stored is acknowledged)")
                    .isFalse();
        }

        /** Publishes QoS 1 messages 1, 2, … until the server stops reading; returns the refused packet id. */
        private int publishUntilAutoReadStops() {
            for (int id = 1; id <= 5_000; id++) {
                mqtt.send(publish(MqttQoS.AT_LEAST_ONCE, id, reading(id)));
                if (!mqtt.autoRead()) {
                    assertThat(id).as("the queue admitted some messages first").isGreaterThan(1);
                    return id;
                }
            }
            throw new AssertionError("the queue never refused a message");
        }
    }

    // ---- small readers for decoded packets ---------------------------------------------------

    private static Object property(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = props.getProperty(type.value());
        assertThat(property).as("property %s", type).isNotNull();
        return property.value();
    }

    private static byte reasonCode(MqttMessage disconnect) {
        return ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode();
    }

    /** "PUBACK 7": the packet type and its packet identifier. */
    private static String typeAndId(MqttMessage message) {
        return message.fixedHeader().messageType() + " "
                + ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    private static double phValue(IngestRequest request) {
        return request.readings().stream()
                .filter(r -> r.metricId() == 1)
                .findFirst()
                .orElseThrow()
                .value();
    }
}
