package org.envmon.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.service.EnvmonService;

/**
 * End-to-end rate: Paho QoS 1 publishers against the service on its embedded PostgreSQL, in one
 * JVM (so publishers and server share the machine's cores). Counts only acknowledged messages and
 * checks afterwards that every acknowledged reading is stored.
 *
 * <p>Arguments: {@code clients seconds elementsPerMessage inflightPerClient [writeStrategy]}.
 */
public final class MqttThroughputBenchmark {
    private static final int VALUES_PER_ELEMENT = 5;

    private MqttThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int elements = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int inflight = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String strategy = args.length > 4 ? args[4] : "unnest";
        Path dataDir = Files.createTempDirectory("envmon-e2e");
        EnvmonConfig config = EnvmonConfig.load(
                null,
                Map.of(
                        "ENVMON_DATA_DIR",
                        dataDir.toString(),
                        "ENVMON_MQTT_PORT",
                        "0",
                        "ENVMON_HTTP_PORT",
                        "0",
                        "ENVMON_MQTT_HOST",
                        "127.0.0.1",
                        "ENVMON_UNKNOWN_STATIONS",
                        "register",
                        "ENVMON_INGEST_WRITE_STRATEGY",
                        strategy,
                        "ENVMON_MQTT_ALLOW_ANONYMOUS",
                        "true",
                        "ENVMON_LIMITS_STATION_MESSAGES_PER_SECOND",
                        "1000000",
                        "ENVMON_LIMITS_STATION_BURST",
                        "1000000"));
        try (EnvmonService service = EnvmonService.start(config)) {
            String uri = "tcp://127.0.0.1:" + service.mqttPort();
            ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);
            AtomicLong acked = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Thread> publishers = new ArrayList<>();
            long warmupEnds = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long ends = warmupEnds + Duration.ofSeconds(seconds).toNanos();
            AtomicLong measuredAcks = new AtomicLong();
            for (int c = 0; c < clients; c++) {
                int index = c;
                Thread publisher = new Thread(
                        () -> publish(
                                uri,
                                index,
                                elements,
                                inflight,
                                ends,
                                warmupEnds,
                                latencyMicros,
                                acked,
                                measuredAcks,
                                failed),
                        "publisher-" + c);
                publisher.start();
                publishers.add(publisher);
            }
            for (Thread publisher : publishers) {
                publisher.join();
            }
            long stored;
            try (Connection conn = service.database().dataSource().getConnection();
                    Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM reading")) {
                rs.next();
                stored = rs.getLong(1);
            }
            long readingsPerMessage = (long) elements * VALUES_PER_ELEMENT;
            System.out.printf(
                    "clients=%d inflight=%d elements/msg=%d readings/msg=%d strategy=%s duration=%ds%n",
                    clients, inflight, elements, readingsPerMessage, strategy, seconds);
            System.out.printf(
                    "acked msgs/s=%.0f readings/s=%.0f p50=%.1fms p99=%.1fms max=%.1fms failed=%d%n",
                    measuredAcks.get() / (double) seconds,
                    measuredAcks.get() * readingsPerMessage / (double) seconds,
                    latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0,
                    latencyMicros.getMaxValue() / 1000.0,
                    failed.get());
            System.out.printf(
                    "acked readings=%d stored readings=%d missing=%d%n",
                    acked.get() * readingsPerMessage, stored, acked.get() * readingsPerMessage - stored);
        }
    }

    private static void publish(
            String uri,
            int index,
            int elements,
            int inflight,
            long ends,
            long warmupEnds,
            ConcurrentHistogram latencyMicros,
            AtomicLong acked,
            AtomicLong measuredAcks,
            AtomicLong failed) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(uri, "bench-" + index, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(inflight);
            options.setKeepAliveInterval(60);
            client.connect(options).waitForCompletion(10_000);
            Semaphore window = new Semaphore(inflight);
            String topic = "stations/BENCH" + index + "/readings";
            long second = Instant.now().minus(Duration.ofDays(20)).getEpochSecond();
            while (System.nanoTime() < ends) {
                window.acquire();
                byte[] payload = payload(second, elements);
                second += elements;
                long sent = System.nanoTime();
                client.publish(topic, payload, 1, false, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        long now = System.nanoTime();
                        acked.incrementAndGet();
                        if (sent >= warmupEnds && now <= ends) {
                            measuredAcks.incrementAndGet();
                            latencyMicros.recordValue((now - sent) / 1000);
                        }
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable exception) {
                        failed.incrementAndGet();
                        window.release();
                    }
                });
            }
            window.acquire(inflight);
            client.disconnect().waitForCompletion(10_000);
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("publisher " + index + " failed", e);
        }
    }

    private static byte[] payload(long firstSecond, int elements) {
        StringBuilder json = new StringBuilder(elements * 120).append('[');
        for (int e = 0; e < elements; e++) {
            if (e > 0) {
                json.append(',');
            }
            json.append("{\"ts\":\"")
                    .append(Instant.ofEpochSecond(firstSecond + e))
                    .append("\",\"values\":{")
                    .append("\"w01001\":7.31,\"w01009\":6.2,\"w01010\":18.5,\"w21003\":0.42,\"w21011\":0.081}}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
