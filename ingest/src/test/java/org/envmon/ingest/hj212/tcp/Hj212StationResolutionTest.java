package org.envmon.ingest.hj212.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.catalog.StationSource;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.junit.jupiter.api.Test;

/**
 * A frame whose station the directory does not hold is decoded only once the station has been
 * looked up (off the event loop), with that station's settings; the connection reads nothing
 * more meanwhile, so later frames keep their order.
 */
class Hj212StationResolutionTest {
    private static final String NEW_MN = "010000A8900016F0000NEW01";
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    /** Lookups that run when the test says so. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    /** The database of the test: {@code NEW_MN} is an active station with PW {@code secret}. */
    private static final class OneStation implements StationSource {
        final List<String> asked = new ArrayList<>();
        StationResolution answer = new StationResolution.Active(
                NEW_MN, new StationProfile(42, Hj212TestFrames.SHANGHAI, Optional.of("secret"), CrcMode.STANDARD));

        @Override
        public StationResolution find(String code) {
            asked.add(code);
            return code.equals(NEW_MN)
                    ? answer
                    : new StationResolution.Refused(code, RejectReason.UNKNOWN_STATION, "not registered");
        }

        @Override
        public StationResolution resolve(String code) {
            return find(code);
        }
    }

    private static String segment(String qn, String pw) {
        return "QN=" + qn + ";ST=21;CN=2011;PW=" + pw + ";MN=" + NEW_MN + ";Flag=5;CP=&&DataTime="
                + Hj212TestFrames.dataTime(NOW.minusSeconds(60)) + ";w01001-Rtd=7.1,w01001-Flag=N&&";
    }

    private static EmbeddedChannel channel(
            IngestQueue queue, SimpleMeterRegistry registry, StationSource source, Executor lookups) {
        return Hj212PipelineFuzzTest.channel(
                queue,
                registry,
                1_000_000,
                1_000_000,
                new LoginThrottle(1_000_000, Duration.ofMinutes(1), 1000, Clock.fixed(NOW, ZoneOffset.UTC)),
                source,
                lookups);
    }

    @Test
    void frames_ofStationNotInDirectory_waitForItsLookupThenDecodedOnceWithItsPasswordInOrder() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        ManualExecutor lookups = new ManualExecutor();
        OneStation database = new OneStation();
        EmbeddedChannel channel = channel(queue, new SimpleMeterRegistry(), database, lookups);

        byte[] wrong = Hj212TestFrames.frame(segment("20260301075900001", "WRONG1"));
        byte[] right = Hj212TestFrames.frame(segment("20260301075900002", "secret"));
        channel.writeInbound(Unpooled.wrappedBuffer(wrong, right));

        assertThat(queue.requests())
                .as("nothing decoded before the station is known")
                .isZero();
        assertThat(channel.config().isAutoRead())
                .as("reading paused during the lookup")
                .isFalse();
        lookups.runAll();
        channel.runPendingTasks();

        List<IngestRequest> queued = queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        assertThat(queued).hasSize(2);
        assertThat(queued.get(0).readings()).isEmpty();
        assertThat(queued.get(0).rejections())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.HJ212_PASSWORD_MISMATCH));
        assertThat(queued.get(1).rejections()).isEmpty();
        assertThat(queued.get(1).readings())
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(7.1));
        assertThat(queued.get(1).station().id()).isEqualTo(42);
        assertThat(database.asked)
                .as("one lookup: the second frame found the station in the directory")
                .containsExactly(NEW_MN);
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void frame_ofUnknownStation_quarantinedWholeAsUnknownStation() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        OneStation database = new OneStation();
        database.answer = new StationResolution.Refused(NEW_MN, RejectReason.UNKNOWN_STATION, "not registered");
        EmbeddedChannel channel = channel(queue, new SimpleMeterRegistry(), database, Runnable::run);

        byte[] frame = Hj212TestFrames.frame(segment("20260301075900001", "secret"));
        channel.writeInbound(Unpooled.wrappedBuffer(frame));

        List<IngestRequest> queued = queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
        assertThat(queued).singleElement().satisfies(request -> {
            assertThat(request.station()).isNull();
            assertThat(request.rejections()).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_STATION);
                assertThat(r.stationCode()).isEqualTo(NEW_MN);
                assertThat(r.raw()).isEqualTo(frame);
            });
        });
        channel.finishAndReleaseAll();
    }

    @Test
    void frame_whenStationCannotBeLookedUp_notQueuedConnectionClosedAndCounted() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OneStation database = new OneStation();
        database.answer = new StationResolution.Unavailable(NEW_MN, "connection refused");
        EmbeddedChannel channel = channel(queue, registry, database, Runnable::run);

        channel.writeInbound(Unpooled.wrappedBuffer(Hj212TestFrames.frame(segment("20260301075900001", "secret"))));
        channel.runPendingTasks();

        assertThat(queue.requests()).isZero();
        ByteBuf written = channel.readOutbound();
        assertThat(written == null || !written.isReadable()).as("no 9014").isTrue();
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.get("envmon.station.lookups.failed")
                        .tag("transport", "hj212-tcp")
                        .counter()
                        .count())
                .isEqualTo(1);
        channel.finishAndReleaseAll();
    }
}
