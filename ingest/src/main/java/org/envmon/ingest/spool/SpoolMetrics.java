package org.envmon.ingest.spool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The meters of the spool; names are listed in docs/reliability.md. */
public final class SpoolMetrics implements Spool.Listener {
    private final MeterRegistry registry;
    private final Counter appended;
    private final Counter drained;
    private final Counter truncations;
    private final Counter truncatedBytes;
    private final Timer sync;
    private final AtomicLong drainRate = new AtomicLong();

    public SpoolMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.appended = Counter.builder("envmon.spool.appended.records")
                .description("Requests written to the spool and fsynced (then acknowledged)")
                .register(registry);
        this.drained = Counter.builder("envmon.spool.drained.records")
                .description("Spooled requests committed to the database")
                .register(registry);
        this.truncations = Counter.builder("envmon.spool.truncations")
                .description("Torn or corrupt segment tails cut off at start")
                .register(registry);
        this.truncatedBytes = Counter.builder("envmon.spool.truncated.bytes")
                .description("Bytes of torn or corrupt tails cut off")
                .baseUnit("bytes")
                .register(registry);
        this.sync = Timer.builder("envmon.spool.append")
                .description("Time to append one batch to the spool and fsync it")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Gauges over the live spool. */
    public void bind(Spool spool, Clock clock) {
        Gauge.builder("envmon.spool.bytes", spool, Spool::bytes)
                .baseUnit("bytes")
                .description("Bytes of spool segments on disk")
                .register(registry);
        Gauge.builder("envmon.spool.max.bytes", spool, Spool::maxBytes)
                .baseUnit("bytes")
                .description("Bound of the spool")
                .register(registry);
        Gauge.builder("envmon.spool.records", spool, Spool::records)
                .description("Spooled requests not yet drained to the database")
                .register(registry);
        Gauge.builder("envmon.spool.oldest.age", spool, s -> {
                    Instant oldest = s.oldestReceivedAt();
                    return oldest == null
                            ? 0
                            : Math.max(
                                    0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
                })
                .baseUnit("seconds")
                .description("Age of the oldest spooled request not yet drained")
                .register(registry);
        Gauge.builder("envmon.spool.drain.rate", drainRate, AtomicLong::get)
                .description("Requests per second drained by the last drain step (0 when idle)")
                .register(registry);
    }

    @Override
    public void truncated(Path segment, long bytes) {
        truncations.increment();
        truncatedBytes.increment(bytes);
    }

    @Override
    public void synced(int records, long nanos) {
        appended.increment(records);
        sync.record(Duration.ofNanos(nanos));
    }

    void drained(int records, long nanos) {
        drained.increment(records);
        drainRate.set(nanos <= 0 ? 0 : Math.round(records * 1e9 / nanos));
    }

    void drainIdle() {
        drainRate.set(0);
    }

    void overflow(String policy) {
        registry.counter("envmon.spool.overflow", "policy", policy).increment();
    }
}
