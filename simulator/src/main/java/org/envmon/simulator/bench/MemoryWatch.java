package org.envmon.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's memory, threads and CPU as its metrics report them: peaks (CPU: the mean) sampled
 * every second during a phase, and a settled reading after a full GC when the service's process id is known (local runs,
 * through {@code jcmd PID GC.run}); otherwise the lowest of a few samples.
 */
public final class MemoryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryWatch.class);

    /** Peak or settled figures in bytes (threads as a count). */
    public record Figures(double heap, double direct, double nettyDirect, double threads, double cpuCores) {
        static Figures of(ServiceMetrics.Snapshot s) {
            return new Figures(s.heapUsed(), s.directUsed(), s.nettyDirectUsed(), s.threads(), s.cpuCores());
        }
    }

    private final ServiceMetrics metrics;
    private final Optional<Long> servicePid;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-memory");
        thread.setDaemon(true);
        return thread;
    });
    private double peakHeap;
    private double peakDirect;
    private double peakNettyDirect;
    private double peakThreads;
    private double cpuSum;
    private int cpuSamples;

    public MemoryWatch(ServiceMetrics metrics, Optional<Long> servicePid) {
        this.metrics = metrics;
        this.servicePid = servicePid;
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** Peaks since the last call, and starts a new period. */
    public synchronized Figures takePeaks() {
        Figures peaks = new Figures(
                peakHeap, peakDirect, peakNettyDirect, peakThreads, cpuSamples == 0 ? 0 : cpuSum / cpuSamples);
        cpuSum = 0;
        cpuSamples = 0;
        peakHeap = 0;
        peakDirect = 0;
        peakNettyDirect = 0;
        peakThreads = 0;
        return peaks;
    }

    /** Live figures: after a full GC when the pid is known, otherwise the lowest heap of five samples a second apart. */
    public Figures settled() throws IOException, InterruptedException {
        if (servicePid.isPresent()) {
            fullGc(servicePid.get());
            fullGc(servicePid.get());
            return Figures.of(metrics.scrape());
        }
        Figures lowest = null;
        for (int i = 0; i < 5; i++) {
            ServiceMetrics.Snapshot s = metrics.scrape();
            if (lowest == null || s.heapUsed() < lowest.heap()) {
                lowest = Figures.of(s);
            }
            Thread.sleep(Duration.ofSeconds(1).toMillis());
        }
        return lowest;
    }

    public boolean forcesGc() {
        return servicePid.isPresent();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private void sample() {
        try {
            ServiceMetrics.Snapshot s = metrics.scrape();
            synchronized (this) {
                peakHeap = Math.max(peakHeap, s.heapUsed());
                peakDirect = Math.max(peakDirect, s.directUsed());
                peakNettyDirect = Math.max(peakNettyDirect, s.nettyDirectUsed());
                cpuSum += s.cpuCores();
                cpuSamples++;
                peakThreads = Math.max(peakThreads, s.threads());
            }
        } catch (IOException e) {
            log.warn("Could not read the service's metrics: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fullGc(long pid) throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jcmd = javaHome.resolve("bin").resolve("jcmd");
        String command = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        Process process = new ProcessBuilder(command, Long.toString(pid), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.run failed; is --service-pid the service's process id?");
        }
    }
}
