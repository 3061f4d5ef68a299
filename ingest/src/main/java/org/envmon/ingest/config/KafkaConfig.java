package org.envmon.ingest.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka as the scale-out roles use it. {@code bootstrapServers} is empty when the key is unset: plain
 * {@code serve} needs no Kafka, and the roles refuse to start without it.
 *
 * @param clientProperties settings passed through to every Kafka client (TLS, SASL, compression)
 */
public record KafkaConfig(
        Optional<String> bootstrapServers,
        String readingsTopic,
        String rejectionsTopic,
        String directoryTopic,
        int partitions,
        short replicationFactor,
        int minInsyncReplicas,
        String groupId,
        Duration deliveryTimeout,
        Duration startupWait,
        Map<String, String> clientProperties) {

    /** Client settings the delivery promises rest on: a properties file may not change them. */
    static final Set<String> RESERVED = Set.of(
            "bootstrap.servers",
            "acks",
            "enable.idempotence",
            "max.in.flight.requests.per.connection",
            "retries",
            "delivery.timeout.ms",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "group.id",
            "enable.auto.commit",
            "auto.offset.reset",
            "isolation.level",
            "partitioner.class",
            "partitioner.ignore.keys",
            "transactional.id");

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public KafkaConfig {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The bootstrap servers, or a clear refusal for a role that needs them. */
    public String requireBootstrapServers(String role) {
        return bootstrapServers.orElseThrow(() -> new ConfigException("serve --role " + role + " needs "
                + KafkaKeys.BOOTSTRAP_SERVERS.describeSource() + " (the Kafka brokers, host:port[,host:port…])"));
    }

    static KafkaConfig read(ConfigSource c) {
        int replication = c.integer(KafkaKeys.REPLICATION_FACTOR, 1, Short.MAX_VALUE);
        int minInsync = c.integer(KafkaKeys.MIN_INSYNC_REPLICAS, 1, Short.MAX_VALUE);
        if (minInsync > replication) {
            throw c.error(
                    KafkaKeys.MIN_INSYNC_REPLICAS,
                    "must not exceed kafka.replicationFactor (" + replication + "), got " + minInsync
                            + ": no message could ever be acknowledged");
        }
        String readings = topic(c, KafkaKeys.READINGS_TOPIC);
        String rejections = topic(c, KafkaKeys.REJECTIONS_TOPIC);
        String directory = topic(c, KafkaKeys.DIRECTORY_TOPIC);
        if (readings.equals(rejections) || readings.equals(directory) || rejections.equals(directory)) {
            throw c.error(KafkaKeys.DIRECTORY_TOPIC, "the readings, rejections and directory topics must differ");
        }
        return new KafkaConfig(
                c.optional(KafkaKeys.BOOTSTRAP_SERVERS).map(String::trim),
                readings,
                rejections,
                directory,
                c.integer(KafkaKeys.PARTITIONS, 1, 10_000),
                (short) replication,
                minInsync,
                c.string(KafkaKeys.GROUP_ID),
                c.duration(KafkaKeys.DELIVERY_TIMEOUT, Duration.ofSeconds(1)),
                c.duration(KafkaKeys.STARTUP_WAIT, Duration.ofSeconds(1)),
                clientProperties(c));
    }

    private static String topic(ConfigSource c, ConfigKey key) {
        String name = c.string(key);
        if (!TOPIC.matcher(name).matches()) {
            throw c.error(key, "must be a Kafka topic name (letters, digits, '.', '_', '-'), got '" + name + "'");
        }
        return name;
    }

    private static Map<String, String> clientProperties(ConfigSource c) {
        Optional<Path> file = c.optional(KafkaKeys.CLIENT_PROPERTIES).map(Path::of);
        if (file.isEmpty()) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw c.error(KafkaKeys.CLIENT_PROPERTIES, "cannot be read: " + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (RESERVED.contains(name)) {
                throw c.error(
                        KafkaKeys.CLIENT_PROPERTIES,
                        "may not set " + name + " (envmon sets it: acknowledgements rest on it), in " + file.get());
            }
            settings.put(name, properties.getProperty(name));
        }
        return settings;
    }
}
