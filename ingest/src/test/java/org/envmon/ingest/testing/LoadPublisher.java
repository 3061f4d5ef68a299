package org.envmon.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sustained QoS 1 load as stations produce it: each client is one station publishing reading
 * documents one after another (two readings each, one second apart in station time) and, like a
 * station, resending a message until it is acknowledged, reconnecting as often as needed.
 * Records which (station, index) pairs were acknowledged.
 */
public final class LoadPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadPublisher.class);
    /** Station time of index 0: far enough back that a long run never reaches the future-skew limit. */
    public static final Instant BASE = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private final Supplier<String> uri;
    private final String prefix;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final Queue<Long> latencyNanos = new ConcurrentLinkedQueue<>();
    private volatile boolean recordLatency;

    public LoadPublisher(Supplier<String> uri, String prefix, int stations) {
        this.uri = uri;
        this.prefix = prefix;
        for (int s = 0; s < stations; s++) {
            String station = prefix + s;
            Thread thread = new Thread(() -> publishLoop(station), "load-" + station);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    public LoadPublisher start() {
        threads.forEach(Thread::start);
        return this;
    }

    public static byte[] payload(int index) {
        return ("{\"ts\":\"" + BASE.plusSeconds(index) + "\",\"values\":{\"w01001\":7." + (index % 10)
                        + ",\"do\":6.5}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void publishLoop(String station) {
        MqttClient client = null;
        int index = 0;
        while (stop.getCount() > 0) {
            try {
                if (client == null || !client.isConnected()) {
                    client = connect(station);
                }
                long sent = System.nanoTime();
                client.publish("stations/" + station + "/readings", payload(index), 1, false);
                if (recordLatency) {
                    latencyNanos.add(System.nanoTime() - sent);
                }
                acknowledged.add(station + "/" + index);
                index++;
            } catch (MqttException | RuntimeException e) {
                failures.incrementAndGet();
                log.debug("{} message {} not acknowledged, resending: {}", station, index, e.toString());
                closeQuietly(client);
                client = null;
                pause(100);
            }
        }
        if (client != null) {
            try {
                client.disconnect(2_000);
            } catch (MqttException e) {
                // the service may be gone already; nothing left to acknowledge
            }
            closeQuietly(client);
        }
    }

    private MqttClient connect(String station) throws MqttException {
        MqttClient client = new MqttClient(uri.get(), station + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        client.setTimeToWait(60_000);
        client.connect(options);
        return client;
    }

    private void pause(long millis) {
        try {
            stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            client.disconnectForcibly(100, 100);
        } catch (MqttException e) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // already closed
        }
    }

    /** Starts or stops recording publish-to-PUBACK latencies. */
    public void recordLatency(boolean on) {
        recordLatency = on;
    }

    /** The given percentile (0–100) of recorded publish-to-PUBACK latencies, in milliseconds. */
    public double latencyPercentileMillis(double percentile) {
        long[] sorted =
                latencyNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    /** A copy of the acknowledged (station/index) keys. */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public long failures() {
        return failures.get();
    }

    public String prefix() {
        return prefix;
    }

    /** Stops publishing; a message in flight finishes (acknowledged or not) first. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        for (Thread thread : threads) {
            thread.join(90_000);
        }
    }
}
