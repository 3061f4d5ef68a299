package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.envmon.ingest.testing.Fuzz;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated MQTT byte streams through the real server pipeline. Properties: no exception
 * escapes (writeInbound would rethrow it) or reaches the handler as a bug; every packet the server
 * writes is valid MQTT; everything queued can be completed; a connection that never logged in is
 * closed once the CONNECT deadline passes, so no input leaves it hanging.
 */
class MqttFuzzTest {
    private static final int CASES = 400;

    @Test
    void pipeline_mutatedValidSessions_noEscapeValidRepliesNoHang() {
        Fuzz.forEachCase("mutated MQTT sessions", CASES, random -> check(random,
                Fuzz.mutate(random, validSession(random))));
    }

    @Test
    void pipeline_randomBytes_noEscapeValidRepliesNoHang() {
        Fuzz.forEachCase("random MQTT bytes", CASES, random -> check(random,
                Fuzz.randomBytes(random, random.nextInt(600))));
    }

    @Test
    void pipeline_validConnectThenRandomBytes_noEscapeValidRepliesNoHang() {
        Fuzz.forEachCase("CONNECT then random bytes", CASES, random -> {
            MqttVersion version = random.nextBoolean() ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
            byte[] connect = MqttTestChannel.encode(version, List.of(connect(version)));
            byte[] tail = Fuzz.randomBytes(random, random.nextInt(400));
            byte[] all = new byte[connect.length + tail.length];
            System.arraycopy(connect, 0, all, 0, connect.length);
            System.arraycopy(tail, 0, all, connect.length, tail.length);
            check(random, all);
        });
    }

    @Test
    void pipeline_corpusOfNastyInputs_noEscapeValidRepliesNoHang() {
        Fuzz.forEachCorpusFile("mqtt", MqttFuzzTest::check);
    }

    /** The stream {@code input}, in random chunks, with the writer answering now and then. */
    static void check(Random random, byte[] input) {
        try (MqttTestChannel channel = MqttTestChannel.open()) {
            for (byte[] chunk : Fuzz.chunks(random, input)) {
                if (!channel.isOpen()) {
                    break;
                }
                channel.sendBytes(chunk);
                if (random.nextInt(3) == 0) {
                    channel.commitQueued();
                }
                channel.replies();
            }
            channel.commitQueued();
            channel.replies();
            channel.advance(MqttTestChannel.CONNECT_TIMEOUT.plus(Duration.ofSeconds(1)));
            channel.replies();
            boolean loggedIn = channel.server.attr(MqttConnectionHandler.SPEAKS_V5).get() != null;
            if (!loggedIn) {
                assertThat(channel.isOpen()).as("a connection without CONNECT is closed at the deadline").isFalse();
            }
            assertThat(channel.handlerErrors()).as("unexpected exceptions in the handler").isZero();
            channel.commitQueued();
            assertThat(channel.queue.requests()).isZero();
        }
    }

    static MqttMessage connect(MqttVersion version) {
        return MqttMessageBuilders.connect().protocolVersion(version).clientId("fuzz").cleanSession(true)
                .keepAlive(30).build();
    }

    /** A well-formed session: CONNECT, then a random mix of what clients send. */
    static byte[] validSession(Random random) {
        MqttVersion version = random.nextBoolean() ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
        List<MqttMessage> messages = new ArrayList<>();
        messages.add(connect(version));
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            int id = 1 + random.nextInt(5);
            messages.add(switch (random.nextInt(7)) {
                case 0, 1 -> publish(random, id);
                case 2 -> MqttTestChannel.pubRel(id);
                case 3 -> new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false,
                        MqttQoS.AT_MOST_ONCE, false, 0));
                case 4 -> MqttMessageBuilders.subscribe().messageId(id).addSubscription(MqttQoS.AT_LEAST_ONCE,
                        "stations/#").build();
                case 5 -> MqttMessageBuilders.unsubscribe().messageId(id).addTopicFilter("stations/#").build();
                default -> publish(random, id);
            });
        }
        if (random.nextInt(4) == 0) {
            messages.add(MqttMessageBuilders.disconnect().build());
        }
        return MqttTestChannel.encode(version, messages);
    }

    static String hj212Segment(String mn) {
        return "QN=20260301155900000;ST=21;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + Hj212TestFrames.dataTime(MqttTestChannel.NOW.minusSeconds(60))
                + ";w01001-Rtd=7.2,w01001-Flag=N;w01009-Rtd=8.1,w01009-Flag=N&&";
    }

    private static MqttMessage publish(Random random, int id) {
        String payload = switch (random.nextInt(3)) {
            case 0 -> MqttTestChannel.reading(6 + random.nextDouble() * 3);
            case 1 -> new String(Hj212TestFrames.frame(hj212Segment(MqttTestChannel.STATION)),
                    StandardCharsets.UTF_8);
            default -> "{\"ts\":1,\"values\":[]}";
        };
        MqttQoS qos = MqttQoS.valueOf(random.nextInt(3));
        return MqttMessageBuilders.publish().topicName(random.nextInt(5) == 0 ? "elsewhere" : MqttTestChannel.TOPIC)
                .qos(qos).messageId(id).retained(false)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }
}
