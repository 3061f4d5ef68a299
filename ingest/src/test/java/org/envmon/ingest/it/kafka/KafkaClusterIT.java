package org.envmon.ingest.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.envmon.ingest.testing.KafkaTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-JVM Kafka the scale-out tests will stand on: three KRaft brokers, replication 3, min ISR 2.
 * An idempotent producer with acks=all loses and doubles nothing while one broker is down and after
 * it returns.
 */
class KafkaClusterIT {
    private static final int RECORDS = 1500;
    private static KafkaTestCluster kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    /** Sends readings {@code from} to {@code to}, keyed by station, and waits for every acknowledgement. */
    private static void send(KafkaProducer<String, String> producer, String topic, int from, int to) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, "station-" + (i % 10), "reading-" + i)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    @Test
    void acknowledgedRecords_acrossABrokerStopAndRestart_areReadOnceEach() throws Exception {
        String topic = "readings-broker-stop";
        kafka.createTopic(topic, 6);

        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, topic, 0, 500);
            kafka.stopBroker(1);
            send(producer, topic, 500, 1000);
            kafka.startBroker(1);
            kafka.awaitFullyReplicated(topic, Duration.ofSeconds(60));
            send(producer, topic, 1000, RECORDS);
        }

        Map<String, Integer> seen = new HashMap<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.merge(record.value(), 1, Integer::sum);
                }
            }
            // Anything doubled would arrive with the rest: one more poll finds no stragglers.
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                seen.merge(record.value(), 1, Integer::sum);
            }
        }
        assertThat(seen.keySet())
                .isEqualTo(IntStream.range(0, RECORDS)
                        .mapToObj(i -> "reading-" + i)
                        .collect(Collectors.toSet()));
        assertThat(seen.values()).allMatch(count -> count == 1);
    }
}
