package org.envmon.ingest.spool;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.envmon.ingest.config.EnvmonConfig.SpoolConfig;
import org.envmon.ingest.pipeline.BatchWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spool, its fallback for the live writer and its drainer thread, started and stopped together. */
public final class SpoolRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolRuntime.class);
    /** Payload bytes replayed per drain transaction; a few thousand readings, like a live batch. */
    private static final int CHUNK_BYTES = 256 * 1024;

    private final Spool spool;
    private final SpoolFallback fallback;
    private final SpoolDrainer drainer;
    private final Thread drainerThread;
    private final Clock clock;

    private SpoolRuntime(Spool spool, SpoolFallback fallback, SpoolDrainer drainer, Thread drainerThread, Clock clock) {
        this.spool = spool;
        this.fallback = fallback;
        this.drainer = drainer;
        this.drainerThread = drainerThread;
        this.clock = clock;
    }

    /**
     * Opens {@code dir} (recovering what a previous run left) and starts draining it through
     * {@code replay}, a batch writer reserved for spooled requests.
     */
    public static SpoolRuntime start(
            Path dir,
            SpoolConfig config,
            MeterRegistry registry,
            Clock clock,
            DataSource dataSource,
            BatchWriter replay) {
        SpoolMetrics metrics = new SpoolMetrics(registry);
        Spool spool;
        try {
            spool = Spool.open(dir, config.maxBytes(), config.segmentBytes(), metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the spool in " + dir + ": " + e.getMessage(), e);
        }
        metrics.bind(spool, clock);
        SpoolDrainer drainer = new SpoolDrainer(spool, replay, dataSource, metrics, CHUNK_BYTES);
        Thread thread = new Thread(drainer, "envmon-spool-drainer");
        thread.start();
        return new SpoolRuntime(spool, new SpoolFallback(spool, config.overflow(), metrics), drainer, thread, clock);
    }

    public BatchWriter.Fallback fallback() {
        return fallback;
    }

    /** True while spooled data waits for the database. */
    public boolean engaged() {
        return spool.engaged();
    }

    public long bytes() {
        return spool.bytes();
    }

    public long maxBytes() {
        return spool.maxBytes();
    }

    public long records() {
        return spool.records();
    }

    public long oldestAgeSeconds() {
        Instant oldest = spool.oldestReceivedAt();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    /**
     * Stops appends (a writer waiting for room gives up, so its batch is not acknowledged) and the
     * drainer; what is still spooled stays on disk for the next start.
     */
    @Override
    public void close() {
        drainer.stop();
        try {
            spool.close();
            drainerThread.join(Duration.ofSeconds(30).toMillis());
        } catch (IOException e) {
            log.warn("Spool did not close cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spool.records() > 0) {
            log.info("{} spooled record(s) stay in the spool and are drained at the next start", spool.records());
        }
    }
}
