package org.envmon.ingest.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kafka itself takes from one producer configured as an edge's (idempotent, {@code acks=all},
 * {@code linger.ms} 5), with as many records in flight as the simulator's saturated phase keeps
 * unacknowledged (800) and records of an edge's size: the Kafka counterpart of the COPY ceiling, to
 * set the scale-out figures of docs/scale-out.md against. {@code mvn -pl ingest -Pbench verify
 * -DskipTests -Dbench.main=org.envmon.ingest.bench.KafkaProducerCeiling -Dbench.args="BOOTSTRAP
 * REPLICATION"}.
 */
public final class KafkaProducerCeiling {
    private static final int RECORDS = 40_000;
    private static final int IN_FLIGHT = 800;
    private static final int RECORD_BYTES = 700;
    private static final int STATIONS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(KafkaProducerCeiling.class);

    private KafkaProducerCeiling() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        short replication = Short.parseShort(args.length > 1 ? args[1] : "3");
        String topic = "producer-ceiling-" + replication + "-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 12, replication)
                            .configs(Map.of("min.insync.replicas", replication >= 3 ? "2" : "1"))))
                    .all()
                    .get();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("acks", "all");
        settings.put("enable.idempotence", true);
        settings.put("linger.ms", 5);
        long[] latencies = new long[RECORDS];
        AtomicInteger done = new AtomicInteger();
        Semaphore window = new Semaphore(IN_FLIGHT);
        byte[] value = new byte[RECORD_BYTES];
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                window.acquire();
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "S" + (i % STATIONS), value), (metadata, e) -> {
                    latencies[done.getAndIncrement()] = System.nanoTime() - sent;
                    window.release();
                });
            }
            window.acquire(IN_FLIGHT);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        log.info(String.format(
                Locale.ROOT,
                "replication %d, %d in flight: %,.0f records/s, p50 %.1f ms, p99 %.1f ms",
                replication,
                IN_FLIGHT,
                RECORDS / seconds,
                latencies[RECORDS / 2] / 1e6,
                latencies[RECORDS * 99 / 100] / 1e6));
    }
}
