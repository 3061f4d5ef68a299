package org.envmon.ingest.hj212.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.catalog.StationSource;
import org.envmon.ingest.config.EnvmonConfig.Hj212Config;
import org.envmon.ingest.hj212.Hj212AnswerPolicy;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.Hj212Frame;
import org.envmon.ingest.hj212.Hj212Framing;
import org.envmon.ingest.hj212.Hj212FramingError;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.intake.Hj212Requests;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.TimeWindow;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.testing.Fuzz;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.envmon.ingest.testing.TestStations;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random and mutated HJ 212 streams through the real TCP pipeline (idle watch, framing, flow
 * control, connection handler) on an {@link EmbeddedChannel}. Properties: no exception escapes or
 * reaches the handler as a bug; every byte the server writes is a well-formed HJ 212 frame; all
 * queued requests can be completed; the idle timeout still closes the connection, so no input
 * leaves it hanging.
 */
class Hj212PipelineFuzzTest {
    private static final Logger log = LoggerFactory.getLogger(Hj212PipelineFuzzTest.class);
    private static final int CASES = 500;
    /**
     * Per case (or per write, below): PER_INPUT_BYTE × input length + the largest frame the framer
     * may hold ({@link Hj212Framing#MAX_FRAME}) + FIXED_BYTES for the answers, quarantine entries
     * and log lines of one connection.
     */
    static final long PER_INPUT_BYTE = 64;

    static final long FIXED_BYTES = 160 * 1024;
    static final Fuzz.AllocationBudget ALLOCATION =
            new Fuzz.AllocationBudget("HJ 212 pipeline", PER_INPUT_BYTE, Hj212Framing.MAX_FRAME, FIXED_BYTES);
    /** What cutting one frame or error may cost: the copies of at most MAX_FRAME bytes and a message. */
    static final Fuzz.AllocationBudget FRAMER = new Fuzz.AllocationBudget("HJ 212 framer", 0, 0, 4 * 1024);
    /** A never-ending frame is sent in writes of this size, TCP-like, up to NEVER_ENDING bytes. */
    private static final int WRITE = 64 * 1024;

    private static final int NEVER_ENDING = 2 << 20;
    static final String MN = "010000A8900016F000169DC0";
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(5);
    static final Duration FIRST_FRAME = Duration.ofSeconds(30);

    @Test
    void pipeline_mutatedFrameStreams_noEscapeWellFormedAnswersNoHang() {
        Fuzz.forEachCase("mutated HJ 212 streams", CASES, random -> check(random, Fuzz.mutate(random, stream(random))));
    }

    @Test
    void pipeline_randomBytes_noEscapeWellFormedAnswersNoHang() {
        Fuzz.forEachCase(
                "random HJ 212 bytes", CASES, random -> check(random, Fuzz.randomBytes(random, random.nextInt(800))));
    }

    @Test
    void pipeline_validStreams_everyAcknowledgedFrameAnswered() {
        Fuzz.forEachCase("valid HJ 212 streams", 100, random -> {
            byte[] input = stream(random);
            Result result = check(random, input);
            assertThat(result.queued()).isPositive();
        });
    }

    @AfterAll
    static void summary() {
        log.info("ALLOCATION {}", ALLOCATION.summary());
        log.info("ALLOCATION {}", FRAMER.summary());
    }

    /**
     * A length field of 9999 followed by that many bytes and a CRC: were the framer to trust it,
     * it would copy the 9 999-byte segment (and the raw frame). It refuses the length and moves
     * one byte on, allocating a fraction of the claim.
     */
    @Test
    void framing_lengthClaims9999_refusedAllocatingAFractionOfTheClaim() {
        Fuzz.single("##9999", () -> {
            ByteBuf in = Unpooled.wrappedBuffer(
                    ("##9999" + "A".repeat(9999) + "4F2A\r\n").getBytes(StandardCharsets.US_ASCII));
            Object[] first = new Object[1];
            FRAMER.check(
                    in.readableBytes(),
                    () -> first[0] = Hj212Framing.next(in, false).orElseThrow());
            assertThat(first[0]).isInstanceOf(Hj212FramingError.class);
            assertThat(((Hj212FramingError) first[0]).reason()).contains("9999");
        });
    }

    /**
     * "##1024" and then 2 MiB without a CRC or line end, in 64 KiB writes, then a valid frame. Each
     * write may allocate only in proportion to itself: a framer that kept waiting for the end of
     * its frame would make the pipeline buffer everything sent so far, and the copies of that
     * growing buffer would exceed the bound long before 2 MiB.
     */
    @Test
    void pipeline_frameThatNeverEnds_eachWriteBoundedAndTheNextFrameServed() {
        Fuzz.single("never-ending frame", () -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            IngestQueue queue = new IngestQueue(16L << 20);
            EmbeddedChannel server = channel(queue, registry);
            try {
                sendNeverEndingFrame(
                        server, () -> commit(queue, server), write -> ALLOCATION.check(WRITE, writeBound(), write));
                assertThat(server.isOpen()).as("the connection survives").isTrue();
                server.writeInbound(Unpooled.wrappedBuffer(Hj212TestFrames.frame(segment(MN))));
                List<IngestRequest> batch = takeAll(queue);
                assertThat(batch)
                        .as("the valid frame after it")
                        .anySatisfy(request -> assertThat(request.readings()).isNotEmpty());
                complete(queue, server, batch);
                assertAnswersWellFormed(server);
                assertThat(registry.find("envmon.handler.errors").counters()).isEmpty();
            } finally {
                server.finishAndReleaseAll();
            }
        });
    }

    /**
     * The measure itself: a decoder that waits for a claimed length (Netty's fixed-length framer
     * here) buffers the same writes, and some write must show more than the bound. Were the
     * buffers off-heap or pooled, this would see nothing and the test above would prove nothing.
     */
    @Test
    void allocationMeasure_decoderThatBuffersTheClaim_exceedsTheBound() {
        Fuzz.single("framer trusting its claim", () -> {
            EmbeddedChannel trusting = new EmbeddedChannel(false, false);
            trusting.config().setAllocator(Fuzz.heapOnlyAllocator());
            trusting.pipeline().addLast(new FixedLengthFrameDecoder(4 * NEVER_ENDING));
            try {
                trusting.register();
                long most = sendNeverEndingFrame(trusting, () -> {}, Fuzz::allocatedBytes);
                assertThat(most).isGreaterThan(writeBound());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                trusting.finishAndReleaseAll();
            }
        });
    }

    /** Each write: twice its size (wrapped, then merged into the decoder's buffer) + a frame + FIXED_BYTES. */
    private static long writeBound() {
        return 2L * WRITE + Hj212Framing.MAX_FRAME + FIXED_BYTES;
    }

    /**
     * Sends the never-ending frame, each write (and the writer's turn after it) through
     * {@code measure}; returns the most one write allocated.
     */
    private static long sendNeverEndingFrame(
            EmbeddedChannel server, Runnable writer, ToLongFunction<Runnable> measure) {
        byte[] filler = new byte[WRITE];
        Arrays.fill(filler, (byte) 'A');
        byte[] header = "##1024".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, filler, 0, header.length);
        long most = 0;
        for (int sent = 0; sent < NEVER_ENDING; sent += WRITE) {
            byte[] write = filler.clone();
            long allocated = measure.applyAsLong(() -> {
                server.writeInbound(Unpooled.wrappedBuffer(write));
                writer.run();
            });
            most = Math.max(most, allocated);
            filler[0] = 'A';
            filler[1] = 'A';
        }
        return most;
    }

    @Test
    void pipeline_corpusOfNastyInputs_noEscapeWellFormedAnswersNoHang() {
        Fuzz.forEachCorpusFile("hj212", Hj212PipelineFuzzTest::check);
    }

    record Result(int queued) {}

    /** Feeds {@code input} in random chunks, playing the writer now and then; public for the corpus replay. */
    static Result check(Random random, byte[] input) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestQueue queue = new IngestQueue(16L << 20);
        EmbeddedChannel server = channel(queue, registry);
        List<byte[]> chunks = Fuzz.chunks(random, input);
        int[] queued = {0};
        try {
            ALLOCATION.check(input.length, () -> {
                for (byte[] chunk : chunks) {
                    if (!server.isOpen()) {
                        break;
                    }
                    server.writeInbound(Unpooled.wrappedBuffer(chunk));
                    if (random.nextInt(3) == 0) {
                        queued[0] += commit(queue, server);
                    }
                    assertAnswersWellFormed(server);
                }
                // Completing a batch may resume reading (in-flight limit) and queue frames held back meanwhile.
                int more;
                while ((more = commit(queue, server)) > 0) {
                    queued[0] += more;
                }
                assertAnswersWellFormed(server);
            });
            server.advanceTimeBy(IDLE.plusSeconds(1).toNanos(), TimeUnit.NANOSECONDS);
            server.runPendingTasks();
            assertThat(server.isOpen()).as("closed by the idle timeout").isFalse();
            assertThat(registry.find("envmon.handler.errors").counters())
                    .as("unexpected handler exceptions")
                    .isEmpty();
            // Bytes left in the framer when the connection closes are quarantined as a framing error.
            commit(queue, server);
            assertThat(queue.requests()).as("requests left in the queue").isZero();
            return new Result(queued[0]);
        } finally {
            server.finishAndReleaseAll();
        }
    }

    private static int commit(IngestQueue queue, EmbeddedChannel server) {
        List<IngestRequest> batch = takeAll(queue);
        complete(queue, server, batch);
        return batch.size();
    }

    private static List<IngestRequest> takeAll(IngestQueue queue) {
        try {
            return queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void complete(IngestQueue queue, EmbeddedChannel server, List<IngestRequest> batch) {
        for (IngestRequest request : batch) {
            request.onDone()
                    .accept(WriteOutcome.committed(
                            request.readings().size(),
                            request.rejections().stream().map(r -> r.reason()).toList()));
        }
        queue.release(batch);
        server.runPendingTasks();
    }

    private static void assertAnswersWellFormed(EmbeddedChannel server) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf out;
        while ((out = server.readOutbound()) != null) {
            all.writeBytes(out);
            out.release();
        }
        try {
            Optional<Object> next;
            while ((next = Hj212Framing.next(all, true)).isPresent()) {
                assertThat(next.get()).as("server answer").isInstanceOf(Hj212Frame.class);
            }
        } finally {
            all.release();
        }
    }

    static EmbeddedChannel channel(IngestQueue queue, SimpleMeterRegistry registry) {
        return channel(queue, registry, 1_000_000, 1_000_000);
    }

    /** The pipeline with a per-station rate of {@code perSecond} and {@code burst} (the clock is frozen). */
    static EmbeddedChannel channel(IngestQueue queue, SimpleMeterRegistry registry, int perSecond, int burst) {
        return channel(
                queue,
                registry,
                perSecond,
                burst,
                new LoginThrottle(1_000_000, Duration.ofMinutes(1), 1000, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** As above, counting wrong PWs in {@code passwordThrottle} (shared across channels, as in the server). */
    static EmbeddedChannel channel(
            IngestQueue queue, SimpleMeterRegistry registry, int perSecond, int burst, LoginThrottle passwordThrottle) {
        return channel(
                queue, registry, perSecond, burst, passwordThrottle, TestStations.NONE_BEYOND_DIRECTORY, Runnable::run);
    }

    /**
     * As above, looking up stations other than {@link #MN} in {@code source} on {@code lookups} (a
     * test that runs the lookups itself sees the connection wait for them).
     */
    static EmbeddedChannel channel(
            IngestQueue queue,
            SimpleMeterRegistry registry,
            int perSecond,
            int burst,
            LoginThrottle passwordThrottle,
            StationSource source,
            Executor lookups) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        MetricCatalog catalog = new MetricCatalog(List.of(
                new Metric((short) 1, "w01001", "001", "pH", "", 2, List.of("ph")),
                new Metric((short) 2, "w01009", null, "dissolved oxygen", "mg/L", 2, List.of("do"))));
        StationDirectory stations = new StationDirectory();
        // The frames' DataTime is Shanghai time (Hj212TestFrames.dataTime), as the station's clock.
        stations.put(MN, new StationProfile(1, Hj212TestFrames.SHANGHAI, Optional.of("123456"), CrcMode.STANDARD));
        Hj212Decoder decoder = new Hj212Decoder(
                new FactorLookup(catalog, FactorLookup.UnknownFactors.REGISTER),
                new TimeWindow(clock, Duration.ofMinutes(10), Duration.ofDays(365)));
        Edge edge = new Edge(
                new StationResolver(stations, source, lookups),
                null,
                new Hj212Requests(decoder, stations, new IngestMetrics(registry), 512),
                queue,
                new IngestMetrics(registry),
                clock,
                new ConnectionLimits(1000, 1000),
                new StationRateLimiter(perSecond, burst, clock),
                512,
                512 * 1024);
        Hj212Services services = new Hj212Services(
                new Hj212Config(
                        "127.0.0.1",
                        Optional.of(0),
                        Optional.empty(),
                        IDLE,
                        FIRST_FRAME,
                        true,
                        8,
                        true,
                        Hj212AnswerPolicy.Mode.FLAG,
                        false),
                edge,
                () -> true,
                false,
                passwordThrottle,
                new Hj212AnswerPolicy(Hj212AnswerPolicy.Mode.FLAG, false));
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        // Heap buffers that the allocation measure can see (Fuzz.heapOnlyAllocator).
        channel.config().setAllocator(Fuzz.heapOnlyAllocator());
        new Hj212ChannelInitializer(services).initChannel(socketView(channel));
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        channel.freezeTime();
        return channel;
    }

    /** Hj212ChannelInitializer takes a SocketChannel; initChannel only touches pipeline(). */
    private static SocketChannel socketView(Channel channel) {
        return (SocketChannel) Proxy.newProxyInstance(
                SocketChannel.class.getClassLoader(), new Class<?>[] {SocketChannel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pipeline") && method.getParameterCount() == 0) {
                        return channel.pipeline();
                    }
                    throw new UnsupportedOperationException("test adapter does not support " + method);
                });
    }

    /** A real-time data segment of station {@code mn} asking for a 9014 answer. */
    static String segment(String mn) {
        return "QN=20260301155900000;ST=21;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + Hj212TestFrames.dataTime(NOW.minusSeconds(60)) + ";w01001-Rtd=7.1,w01001-Flag=N&&";
    }

    /** A station's session: data frames (acknowledged or not), garbage-free. */
    static byte[] stream(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(4);
        for (int i = 0; i < frames; i++) {
            String cn = List.of("2011", "2051", "2061", "9021").get(random.nextInt(4));
            String segment = "QN=20260301155900" + String.format("%03d", i) + ";ST=21;CN=" + cn + ";PW=123456;MN=" + MN
                    + ";Flag=" + (random.nextBoolean() ? "5" : "4") + ";CP=&&DataTime="
                    + Hj212TestFrames.dataTime(NOW.minusSeconds(60 + i)) + ";w01001-Rtd=" + (6 + random.nextInt(3))
                    + ".1,w01001-Flag=N;w01009-Avg=8.0,w01009-Flag=N&&";
            out.writeBytes(Hj212TestFrames.frame(segment));
        }
        return out.toByteArray();
    }
}
