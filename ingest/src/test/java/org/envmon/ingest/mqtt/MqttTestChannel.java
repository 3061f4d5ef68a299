package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.config.EnvmonConfig.MqttConfig;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.intake.Hj212Requests;
import org.envmon.ingest.json.JsonReadingsDecoder;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.TimeWindow;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.testing.Fuzz;
import org.envmon.ingest.testing.TestStations;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;

/**
 * One MQTT connection to the real server pipeline (built by {@link MqttChannelInitializer}) on an
 * {@link EmbeddedChannel} with frozen time, plus a client side: an encoder channel that turns the
 * test's packets into bytes and a decoder channel that turns the server's bytes back into packets.
 * The test plays the database writer through {@link #takeQueued()} and {@link #complete}.
 */
final class MqttTestChannel implements AutoCloseable {
    static final String STATION = "ST01";
    static final String TOPIC = "stations/" + STATION + "/readings";
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    static final int MAX_PACKET_SIZE = 2048;
    static final int MAX_PAYLOAD_BYTES = 1024;
    static final int MAX_CLIENT_ID_LENGTH = 23;
    static final int RECEIVE_MAXIMUM = 16;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final int TOPIC_ALIAS_MAXIMUM = 4;
    static final Duration MAX_SESSION_EXPIRY = Duration.ofHours(1);
    static final MqttConfig CONFIG = config(MAX_PACKET_SIZE, RECEIVE_MAXIMUM, true);

    private static MqttConfig config(int maxPacketSize, int receiveMaximum, boolean allowAnonymous) {
        return new MqttConfig(
                "127.0.0.1",
                Optional.of(0),
                maxPacketSize,
                CONNECT_TIMEOUT,
                MAX_CLIENT_ID_LENGTH,
                receiveMaximum,
                allowAnonymous,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                TOPIC_ALIAS_MAXIMUM,
                100,
                MAX_SESSION_EXPIRY);
    }

    /** The attribute netty-codec-mqtt keeps the negotiated protocol version in (MqttCodecUtil.MQTT_VERSION_KEY). */
    private static final AttributeKey<MqttVersion> CODEC_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    final IngestQueue queue;
    final EmbeddedChannel server;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel clientEncoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private final EmbeddedChannel clientDecoder = new EmbeddedChannel(new MqttDecoder());

    private MqttTestChannel(IngestQueue queue, MqttConfig config, StationDirectory stations, int perSecond, int burst) {
        this(
                queue,
                config,
                stations,
                perSecond,
                burst,
                new LoginThrottle(1_000_000, Duration.ofMinutes(1), 1000, Clock.fixed(NOW, ZoneOffset.UTC)),
                new SessionRegistry(100, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private MqttTestChannel(
            IngestQueue queue,
            MqttConfig config,
            StationDirectory stations,
            int perSecond,
            int burst,
            LoginThrottle throttle,
            SessionRegistry sessions) {
        this.queue = queue;
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        IngestMetrics metrics = new IngestMetrics(registry);
        MetricCatalog catalog = new MetricCatalog(List.of(
                new Metric((short) 1, "w01001", null, "pH", "", 2, List.of("ph")),
                new Metric((short) 2, "w01009", null, "dissolved oxygen", "mg/L", 2, List.of("do"))));
        FactorLookup factors = new FactorLookup(catalog, FactorLookup.UnknownFactors.QUARANTINE);
        JsonReadingsDecoder json =
                new JsonReadingsDecoder(factors, clock, Duration.ofMinutes(5), Duration.ofDays(365), ZoneOffset.UTC);
        if (stations.profileOf(STATION).isEmpty()) {
            stations.put(STATION, new StationProfile(1, ZoneOffset.UTC, Optional.empty(), CrcMode.STANDARD));
        }
        Hj212Decoder hj212 =
                new Hj212Decoder(factors, new TimeWindow(clock, Duration.ofMinutes(5), Duration.ofDays(365)));
        StationResolver resolver = TestStations.resolver(stations, TestStations.registeringAll());
        Edge edge = new Edge(
                resolver,
                json,
                new Hj212Requests(hj212, stations, metrics, 512),
                queue,
                metrics,
                clock,
                new ConnectionLimits(1000, 1000),
                new StationRateLimiter(perSecond, burst, clock),
                512,
                MAX_PAYLOAD_BYTES);
        // The hashing runs on the calling thread here, so a test sees the CONNACK as soon as it sends CONNECT.
        MqttAuthenticator authenticator =
                new MqttAuthenticator(resolver, config.allowAnonymous(), false, throttle, Runnable::run);
        MqttServices services =
                new MqttServices(config, edge, authenticator, new PublishIntake(edge), sessions, () -> true);

        // Handlers first, then registration, so that MqttConnectionHandler sees channelActive.
        server = new EmbeddedChannel(false, false);
        // Heap buffers that the fuzz tests' allocation measure can see (Fuzz.heapOnlyAllocator).
        server.config().setAllocator(Fuzz.heapOnlyAllocator());
        new MqttChannelInitializer(services, false).initChannel(socketView(server));
        try {
            server.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        server.freezeTime(); // only possible once registered; from here on time moves only by advance()
    }

    /** A server that accepts anonymous connections, for tests whose subject is not the login. */
    static MqttTestChannel open() {
        return open(new IngestQueue(16L << 20));
    }

    static MqttTestChannel open(IngestQueue queue) {
        return new MqttTestChannel(queue, CONFIG, new StationDirectory(), 1_000_000, 1_000_000);
    }

    /** An anonymous-access server whose in-flight limit never binds, for tests of the ingest queue's limit. */
    static MqttTestChannel withoutInFlightLimit(IngestQueue queue) {
        MqttConfig config = config(MAX_PACKET_SIZE, 65_535, true);
        return new MqttTestChannel(queue, config, new StationDirectory(), 1_000_000, 1_000_000);
    }

    /** An anonymous-access server that accepts MQTT packets of up to {@code maxPacketSize} bytes. */
    static MqttTestChannel withMaxPacketSize(int maxPacketSize) {
        MqttConfig config = config(maxPacketSize, RECEIVE_MAXIMUM, true);
        return new MqttTestChannel(new IngestQueue(16L << 20), config, new StationDirectory(), 1_000_000, 1_000_000);
    }

    /** An anonymous-access server whose stations may send {@code burst} messages at once (the clock is frozen). */
    static MqttTestChannel rateLimited(int burst) {
        return new MqttTestChannel(new IngestQueue(16L << 20), CONFIG, new StationDirectory(), 1, burst);
    }

    /** A server with anonymous access off (the default) and the given stations. */
    static MqttTestChannel secured(StationDirectory stations) {
        return new MqttTestChannel(new IngestQueue(16L << 20), securedConfig(), stations, 1_000_000, 1_000_000);
    }

    /** As {@link #secured(StationDirectory)}, counting failed logins in {@code throttle} (shared across channels). */
    static MqttTestChannel secured(StationDirectory stations, LoginThrottle throttle) {
        return new MqttTestChannel(
                new IngestQueue(16L << 20),
                securedConfig(),
                stations,
                1_000_000,
                1_000_000,
                throttle,
                new SessionRegistry(100, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** An anonymous-access server keeping its clients' sessions in {@code sessions} (shared across channels). */
    static MqttTestChannel withSessions(SessionRegistry sessions) {
        return new MqttTestChannel(
                new IngestQueue(16L << 20),
                CONFIG,
                new StationDirectory(),
                1_000_000,
                1_000_000,
                new LoginThrottle(1_000_000, Duration.ofMinutes(1), 1000, Clock.fixed(NOW, ZoneOffset.UTC)),
                sessions);
    }

    private static MqttConfig securedConfig() {
        return config(MAX_PACKET_SIZE, RECEIVE_MAXIMUM, false);
    }

    /**
     * MqttChannelInitializer is a ChannelInitializer&lt;SocketChannel&gt; and EmbeddedChannel is no
     * SocketChannel; initChannel only touches pipeline(), so a view answering just that suffices.
     */
    private static SocketChannel socketView(Channel channel) {
        return (SocketChannel) Proxy.newProxyInstance(
                SocketChannel.class.getClassLoader(), new Class<?>[] {SocketChannel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pipeline") && method.getParameterCount() == 0) {
                        return channel.pipeline();
                    }
                    throw new UnsupportedOperationException("test adapter does not support " + method);
                });
    }

    // ---- client → server -------------------------------------------------------------------

    /** Encodes {@code message} as a client would and feeds the bytes to the server. */
    void send(MqttMessage message) {
        assertThat(clientEncoder.writeOutbound(message)).isTrue();
        ByteBuf bytes;
        while ((bytes = clientEncoder.readOutbound()) != null) {
            server.writeInbound(bytes);
        }
    }

    /** CONNECT (logging in) and {@code next} in one buffer, as a client that does not wait for CONNACK sends them. */
    void sendPipelined(MqttVersion version, String userName, String password, MqttMessage next) {
        MqttMessage connect = MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId("pipelined")
                .cleanSession(true)
                .hasUser(true)
                .username(userName)
                .hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .build();
        assertThat(clientEncoder.writeOutbound(connect, next)).isTrue();
        ByteBuf all = Unpooled.buffer();
        ByteBuf bytes;
        while ((bytes = clientEncoder.readOutbound()) != null) {
            all.writeBytes(bytes);
            bytes.release();
        }
        server.writeInbound(all);
    }

    /** Feeds raw bytes as they came off the network. */
    void sendBytes(byte[] bytes) {
        server.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** The bytes a client of {@code version} sends for {@code messages}. */
    static byte[] encode(MqttVersion version, List<MqttMessage> messages) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.attr(CODEC_VERSION).set(version);
        ByteBuf all = Unpooled.buffer();
        for (MqttMessage message : messages) {
            encoder.writeOutbound(message);
            ByteBuf bytes;
            while ((bytes = encoder.readOutbound()) != null) {
                all.writeBytes(bytes);
                bytes.release();
            }
        }
        encoder.finishAndReleaseAll();
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        all.release();
        return out;
    }

    /** Connections closed because no CONNECT came in time. */
    double deadlineMissed() {
        return registry.find("envmon.connections.deadline.missed").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    /** Exceptions that reached the connection handler other than the peer going away: bugs. */
    double handlerErrors() {
        return registry.find("envmon.handler.errors").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    void sendRaw(int... bytes) {
        ByteBuf buf = Unpooled.buffer(bytes.length);
        for (int b : bytes) {
            buf.writeByte(b);
        }
        server.writeInbound(buf);
    }

    /** Sends CONNECT and returns the server's only reply, which must be a CONNACK. */
    MqttConnAckMessage connect(MqttVersion version, String clientId, int keepAliveSeconds) {
        return connect(version, clientId, keepAliveSeconds, null, null);
    }

    /** As {@link #connect(MqttVersion, String, int)}, logging in with {@code userName} and {@code password} when not null. */
    MqttConnAckMessage connect(
            MqttVersion version, String clientId, int keepAliveSeconds, String userName, String password) {
        if (version == MqttVersion.MQTT_5) {
            clientDecoder.attr(CODEC_VERSION).set(MqttVersion.MQTT_5);
        }
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .cleanSession(true)
                .keepAlive(keepAliveSeconds);
        if (userName != null) {
            connect.hasUser(true).username(userName);
        }
        if (password != null) {
            connect.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        send(connect.build());
        List<MqttMessage> replies = replies();
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).isInstanceOf(MqttConnAckMessage.class);
        return (MqttConnAckMessage) replies.get(0);
    }

    /** Sends the given CONNECT and returns the server's only reply, which must be a CONNACK. */
    MqttConnAckMessage connect(MqttConnectMessage connect) {
        if (connect.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel()) {
            clientDecoder.attr(CODEC_VERSION).set(MqttVersion.MQTT_5);
        }
        send(connect);
        List<MqttMessage> replies = replies();
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).isInstanceOf(MqttConnAckMessage.class);
        return (MqttConnAckMessage) replies.get(0);
    }

    /** Connects and checks the CONNACK accepted; for tests whose subject comes after the handshake. */
    void connected(MqttVersion version) {
        MqttConnAckMessage ack = connect(version, "sensor-1", 0);
        assertThat(ack.variableHeader().connectReturnCode().byteValue()).isZero();
    }

    static MqttPublishMessage publish(MqttQoS qos, int packetId, String payload) {
        return MqttMessageBuilders.publish()
                .topicName(TOPIC)
                .qos(qos)
                .messageId(packetId)
                .retained(false)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8))
                .build();
    }

    /** The same PUBLISH with the DUP flag set, as a client sends when it redelivers. */
    static MqttPublishMessage duplicate(MqttQoS qos, int packetId, String payload) {
        MqttPublishMessage original = publish(qos, packetId, payload);
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, true, qos, false, 0),
                original.variableHeader(),
                original.payload());
    }

    static MqttMessage pubRel(int packetId) {
        return new MqttMessage(
                new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId));
    }

    /** A valid reading document for {@link #STATION}; {@code ph} tells messages apart. */
    static String reading(double ph) {
        return "{\"ts\":\"" + NOW.minusSeconds(3600) + "\",\"values\":{\"ph\":" + ph + ",\"do\":8.1}}";
    }

    // ---- server → client -------------------------------------------------------------------

    /** Everything the server has written since the last call, decoded as the client would. */
    List<MqttMessage> replies() {
        // The server encodes in the version its decoder read from the CONNECT; the client reads likewise.
        MqttVersion negotiated = server.attr(CODEC_VERSION).get();
        if (negotiated != null) {
            clientDecoder.attr(CODEC_VERSION).set(negotiated);
        }
        ByteBuf bytes;
        while ((bytes = server.readOutbound()) != null) {
            clientDecoder.writeInbound(bytes);
        }
        List<MqttMessage> decoded = new ArrayList<>();
        Object message;
        while ((message = clientDecoder.readInbound()) != null) {
            MqttMessage mqtt = (MqttMessage) message;
            assertThat(mqtt.decoderResult().isSuccess())
                    .as("server wrote a decodable packet: %s", mqtt)
                    .isTrue();
            decoded.add(mqtt);
            ReferenceCountUtil.release(mqtt);
        }
        return decoded;
    }

    boolean isOpen() {
        return server.isOpen();
    }

    boolean autoRead() {
        return server.config().isAutoRead();
    }

    /**
     * Moves the server's (frozen) clock and runs whatever became due, then the tasks those queued
     * (a flush deferred by the pipeline's flush consolidation runs as such a task on a real event loop).
     */
    void advance(Duration time) {
        server.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        server.runPendingTasks();
        server.runPendingTasks();
    }

    // ---- the test as database writer -------------------------------------------------------

    /** Takes everything queued, as the batch writer would; empty when nothing is queued. */
    List<IngestRequest> takeQueued() {
        try {
            return queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reports each request's outcome, releases the batch and runs the acks this scheduled. */
    void complete(List<IngestRequest> batch, Function<IngestRequest, WriteOutcome> outcome) {
        for (IngestRequest request : batch) {
            request.onDone().accept(outcome.apply(request));
        }
        queue.release(batch);
        server.runPendingTasks();
    }

    static WriteOutcome committed(IngestRequest request) {
        return WriteOutcome.committed(request.readings().size(), List.of());
    }

    /** Takes and commits everything queued; returns what was taken. */
    List<IngestRequest> commitQueued() {
        List<IngestRequest> batch = takeQueued();
        complete(batch, MqttTestChannel::committed);
        return batch;
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        clientEncoder.finishAndReleaseAll();
        clientDecoder.finishAndReleaseAll();
    }
}
