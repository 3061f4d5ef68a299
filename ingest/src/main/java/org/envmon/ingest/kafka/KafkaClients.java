package org.envmon.ingest.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.envmon.ingest.config.ConfigException;
import org.envmon.ingest.config.KafkaConfig;

/**
 * Makes the Kafka clients of one process: the passed-through client settings (TLS, SASL) first, then
 * the settings the delivery promises rest on, which nothing overrides.
 */
public final class KafkaClients {
    private final KafkaConfig config;
    private final String bootstrapServers;
    private final String clientIdPrefix;

    /** @param clientIdPrefix names this process's clients in broker logs and quotas ({@code envmon-edge-…}) */
    public KafkaClients(KafkaConfig config, String bootstrapServers, String clientIdPrefix) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clientIdPrefix = clientIdPrefix;
    }

    public KafkaConfig config() {
        return config;
    }

    /**
     * The edge's producer: idempotent and {@code acks=all}, so a message Kafka acknowledged is on
     * {@code min.insync.replicas} brokers and a retried send is not written twice.
     */
    public KafkaProducer<String, byte[]> readingsProducer() {
        Map<String, Object> settings = common("producer");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        int deliveryMillis =
                (int) Math.min(Integer.MAX_VALUE, config.deliveryTimeout().toMillis());
        int lingerMillis = Integer.parseInt(
                String.valueOf(settings.get(ProducerConfig.LINGER_MS_CONFIG)).trim());
        if (lingerMillis >= deliveryMillis) {
            throw new ConfigException("linger.ms " + lingerMillis + " in kafka.clientProperties must be shorter than"
                    + " kafka.deliveryTimeout (" + deliveryMillis + " ms)");
        }
        // Kafka refuses a delivery timeout shorter than linger plus request timeout.
        settings.put(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, Math.min(deliveryMillis - lingerMillis, 30_000)));
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMillis);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) deliveryMillis);
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** The writer's producer of the station directory (a compacted topic: the latest value per key counts). */
    public KafkaProducer<String, byte[]> directoryProducer() {
        Map<String, Object> settings = common("directory-producer");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The writer's consumer: offsets are kept in the database beside the rows (and only mirrored to
     * Kafka for lag monitoring), so nothing commits on its own.
     */
    public KafkaConsumer<String, byte[]> writerConsumer() {
        Map<String, Object> settings = common("writer");
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // A writer killed outright holds its partitions until the group gives up on it: 10 s, not 45 s.
        settings.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        settings.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A consumer without a group, for reading the directory topic from its start. */
    public KafkaConsumer<String, byte[]> directoryConsumer() {
        Map<String, Object> settings = common("directory");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        return Admin.create(common("admin"));
    }

    private Map<String, Object> common(String client) {
        Map<String, Object> settings = new HashMap<>(config.clientProperties());
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + client);
        return settings;
    }
}
