package org.envmon.simulator.load;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Counters and publish-to-acknowledgement latencies of a run, safe to update from transport threads. */
final class LoadStats {
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder ackedReadings = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder dropped = new LongAdder();
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private Histogram interval;
    private long lastAcked;
    private long lastNanos;

    LoadStats(long startNanos) {
        this.lastNanos = startNanos;
    }

    void latency(long publishNanos) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, (System.nanoTime() - publishNanos) / 1000)));
    }

    /** The progress line since the previous call; folds the interval into the run's histogram. */
    synchronized String progress(long nowNanos, long startNanos, int waiting, int heldBack) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        long ackedNow = acked.sum();
        double seconds = Math.max(1e-9, (nowNanos - lastNanos) / 1e9);
        double rate = (ackedNow - lastAcked) / seconds;
        lastAcked = ackedNow;
        lastNanos = nowNanos;
        return String.format(
                Locale.ROOT,
                "t=%5.1fs sent=%d acked=%d rate=%.0f msg/s p50=%.1fms p99=%.1fms queued=%d offline-held=%d retries=%d dropped=%d",
                (nowNanos - startNanos) / 1e9,
                sent.sum(),
                ackedNow,
                rate,
                millis(interval, 50),
                millis(interval, 99),
                waiting,
                heldBack,
                retries.sum(),
                dropped.sum());
    }

    synchronized Histogram finish() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total.copy();
    }

    static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
