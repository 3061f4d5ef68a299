package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.envmon.ingest.testing.Fuzz;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random and mutated MQTT byte streams through the real server pipeline. Properties: no exception
 * escapes (writeInbound would rethrow it) or reaches the handler as a bug; every packet the server
 * writes is valid MQTT; everything queued can be completed; a connection that never logged in is
 * closed once the CONNECT deadline passes, so no input leaves it hanging.
 */
class MqttFuzzTest {
    private static final Logger log = LoggerFactory.getLogger(MqttFuzzTest.class);
    private static final int CASES = 400;
    /**
     * Per case: PER_INPUT_BYTE × input length + the largest packet the decoder may hold
     * ({@code mqtt.maxPacketSize}) + FIXED_BYTES for the replies, queue entries and session of one
     * connection. Observed maxima are logged after the run (see the class's summary line).
     */
    static final long PER_INPUT_BYTE = 64;

    static final long FIXED_BYTES = 160 * 1024;
    /** Remaining length FF FF FF 60, the 4-byte maximum form: 203 423 743 bytes claimed. */
    private static final byte[] CLAIM_200_MB = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x60};

    private static final long CLAIMED = 203_423_743L;
    /** What the claiming client sends after its fixed header, in 64 KiB writes, while the connection is open. */
    private static final int FILLER = 1 << 20;

    static final Fuzz.AllocationBudget ALLOCATION =
            new Fuzz.AllocationBudget("MQTT pipeline", PER_INPUT_BYTE, MqttTestChannel.MAX_PACKET_SIZE, FIXED_BYTES);

    @AfterAll
    static void summary() {
        log.info("ALLOCATION {}", ALLOCATION.summary());
    }

    @Test
    void pipeline_mutatedValidSessions_noEscapeValidRepliesNoHang() {
        Fuzz.forEachCase(
                "mutated MQTT sessions", CASES, random -> check(random, Fuzz.mutate(random, validSession(random))));
    }

    @Test
    void pipeline_randomBytes_noEscapeValidRepliesNoHang() {
        Fuzz.forEachCase(
                "random MQTT bytes", CASES, random -> check(random, Fuzz.randomBytes(random, random.nextInt(600))));
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
    void pipeline_connectClaiming200MB_closedAllocatingFarLessThanTheClaim() {
        Fuzz.single("CONNECT claiming 200 MB", () -> {
            try (MqttTestChannel channel = MqttTestChannel.open()) {
                assertClaimNotTrusted(
                        1 + CLAIM_200_MB.length, () -> sendClaimAndFiller(channel, 0x10, CONNECT_VARIABLE_HEADER));
                assertThat(channel.isOpen()).as("closed at the fixed header").isFalse();
            }
        });
    }

    @Test
    void pipeline_publishClaiming200MBAfterLogin_closedAllocatingFarLessThanTheClaim() {
        Fuzz.single("PUBLISH claiming 200 MB", () -> {
            for (MqttVersion version : List.of(MqttVersion.MQTT_3_1_1, MqttVersion.MQTT_5)) {
                try (MqttTestChannel channel = MqttTestChannel.open()) {
                    byte[] connect = MqttTestChannel.encode(version, List.of(connect(version)));
                    assertClaimNotTrusted(connect.length + 1 + CLAIM_200_MB.length, () -> {
                        channel.sendBytes(connect);
                        channel.replies();
                        sendClaimAndFiller(channel, 0x32, publishVariableHeader(version));
                    });
                    assertThat(channel.isOpen())
                            .as("closed at the fixed header (%s)", version)
                            .isFalse();
                }
            }
        });
    }

    /**
     * The measure itself: a server allowed packets of 256 MiB trusts the claim and buffers the
     * filler, and that must show as more than the bound. Were the pipeline's buffers off-heap or
     * pooled, this would see nothing and the two tests above would prove nothing.
     */
    @Test
    void allocationMeasure_serverThatBuffersTheClaim_exceedsTheBound() {
        Fuzz.single("server trusting a 200 MB claim", () -> {
            try (MqttTestChannel channel = MqttTestChannel.withMaxPacketSize(256 << 20)) {
                byte[] connect =
                        MqttTestChannel.encode(MqttVersion.MQTT_3_1_1, List.of(connect(MqttVersion.MQTT_3_1_1)));
                channel.sendBytes(connect);
                channel.replies();
                long allocated = Fuzz.allocatedBytes(
                        () -> sendClaimAndFiller(channel, 0x32, publishVariableHeader(MqttVersion.MQTT_3_1_1)));
                assertThat(channel.isOpen())
                        .as("still waiting for the claimed bytes")
                        .isTrue();
                assertThat(allocated)
                        .isGreaterThan(ALLOCATION.bound(connect.length + 1 + CLAIM_200_MB.length))
                        .isGreaterThanOrEqualTo(FILLER);
            }
        });
    }

    /** MQTT 3.1.1, clean session, keep-alive 60 s, a 0-byte client id: all valid, so only the length is wrong. */
    private static final byte[] CONNECT_VARIABLE_HEADER = {
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00
    };

    /** The station's topic and packet id 1 (and no properties in MQTT 5): what precedes the payload. */
    private static byte[] publishVariableHeader(MqttVersion version) {
        byte[] topic = MqttTestChannel.TOPIC.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(topic.length);
        out.writeBytes(topic);
        out.write(0);
        out.write(1);
        if (version == MqttVersion.MQTT_5) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A fixed header claiming 200 MB, a valid variable header, then zeros while the connection stays open. */
    private static void sendClaimAndFiller(MqttTestChannel channel, int packetType, byte[] variableHeader) {
        byte[] header = new byte[1 + CLAIM_200_MB.length];
        header[0] = (byte) packetType;
        System.arraycopy(CLAIM_200_MB, 0, header, 1, CLAIM_200_MB.length);
        channel.sendBytes(header);
        if (channel.isOpen()) {
            channel.sendBytes(variableHeader);
        }
        byte[] filler = new byte[64 * 1024];
        for (int sent = 0; sent < FILLER && channel.isOpen(); sent += filler.length) {
            channel.sendBytes(filler.clone());
            channel.replies();
        }
        channel.replies();
    }

    /**
     * The bound counts only the bytes up to the fixed header's end: whatever follows belongs to a
     * packet the server must refuse, so keeping any of it is trusting the claim.
     */
    private static void assertClaimNotTrusted(int bytesUpToTheClaim, Runnable body) {
        long bound = ALLOCATION.bound(bytesUpToTheClaim);
        assertThat(bound).as("the bound is far below the claim").isLessThan(CLAIMED / 1000);
        ALLOCATION.check(bytesUpToTheClaim, bound, body);
    }

    @Test
    void pipeline_corpusOfNastyInputs_noEscapeValidRepliesNoHang() {
        Fuzz.forEachCorpusFile("mqtt", MqttFuzzTest::check);
    }

    /** The stream {@code input}, in random chunks, with the writer answering now and then. */
    static void check(Random random, byte[] input) {
        List<byte[]> chunks = Fuzz.chunks(random, input);
        try (MqttTestChannel channel = MqttTestChannel.open()) {
            ALLOCATION.check(input.length, () -> {
                for (byte[] chunk : chunks) {
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
            });
            boolean loggedIn =
                    channel.server.attr(MqttConnectionHandler.SPEAKS_V5).get() != null;
            if (!loggedIn) {
                assertThat(channel.isOpen())
                        .as("a connection without CONNECT is closed at the deadline")
                        .isFalse();
            }
            assertThat(channel.handlerErrors())
                    .as("unexpected exceptions in the handler")
                    .isZero();
            channel.commitQueued();
            assertThat(channel.queue.requests()).isZero();
        }
    }

    static MqttMessage connect(MqttVersion version) {
        return MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId("fuzz")
                .cleanSession(true)
                .keepAlive(30)
                .build();
    }

    /** A well-formed session: CONNECT, then a random mix of what clients send. */
    static byte[] validSession(Random random) {
        MqttVersion version = random.nextBoolean() ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
        List<MqttMessage> messages = new ArrayList<>();
        messages.add(connect(version));
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            int id = 1 + random.nextInt(5);
            messages.add(
                    switch (random.nextInt(7)) {
                        case 0, 1 -> publish(random, id);
                        case 2 -> MqttTestChannel.pubRel(id);
                        case 3 ->
                            new MqttMessage(new MqttFixedHeader(
                                    MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));
                        case 4 ->
                            MqttMessageBuilders.subscribe()
                                    .messageId(id)
                                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "stations/#")
                                    .build();
                        case 5 ->
                            MqttMessageBuilders.unsubscribe()
                                    .messageId(id)
                                    .addTopicFilter("stations/#")
                                    .build();
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
            case 1 -> new String(Hj212TestFrames.frame(hj212Segment(MqttTestChannel.STATION)), StandardCharsets.UTF_8);
            default -> "{\"ts\":1,\"values\":[]}";
        };
        MqttQoS qos = MqttQoS.valueOf(random.nextInt(3));
        return MqttMessageBuilders.publish()
                .topicName(random.nextInt(5) == 0 ? "elsewhere" : MqttTestChannel.TOPIC)
                .qos(qos)
                .messageId(id)
                .retained(false)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8))
                .build();
    }
}
