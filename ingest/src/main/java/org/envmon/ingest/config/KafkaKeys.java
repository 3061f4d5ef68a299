package org.envmon.ingest.config;

import java.util.List;
import org.envmon.ingest.config.ConfigKey.Type;

/** The keys of the scale-out roles ({@code serve --role edge|writer|all}): where Kafka is and how its topics are laid out. */
public final class KafkaKeys {
    public static final ConfigKey BOOTSTRAP_SERVERS = ConfigKey.withEnv(
            "kafka.bootstrapServers",
            "ENVMON_KAFKA_BOOTSTRAP_SERVERS",
            null,
            Type.TEXT,
            "Kafka brokers as host:port[,host:port…]. Required by serve --role edge, writer and all; plain serve"
                    + " ignores Kafka.");
    public static final ConfigKey READINGS_TOPIC = ConfigKey.of(
            "kafka.readingsTopic",
            "envmon.readings",
            Type.TEXT,
            "Topic of accepted messages (their readings and the parts quarantined beside them), keyed by station.");
    public static final ConfigKey REJECTIONS_TOPIC = ConfigKey.of(
            "kafka.rejectionsTopic",
            "envmon.rejections",
            Type.TEXT,
            "Topic of messages quarantined as a whole (refused logins, malformed frames, unknown stations).");
    public static final ConfigKey DIRECTORY_TOPIC = ConfigKey.of(
            "kafka.directoryTopic",
            "envmon.directory",
            Type.TEXT,
            "Compacted topic through which writers give edges the station settings (with HJ 212 PW and MQTT"
                    + " password hashes) and the factor catalogue; restrict it to envmon's own Kafka user.");
    public static final ConfigKey PARTITIONS = ConfigKey.of(
            "kafka.partitions",
            "12",
            Type.INTEGER,
            "Partitions of the readings and rejections topics when envmon creates them: the most writers that"
                    + " can share the load.");
    public static final ConfigKey REPLICATION_FACTOR = ConfigKey.of(
            "kafka.replicationFactor",
            "3",
            Type.INTEGER,
            "Copies of every partition when envmon creates a topic; an existing topic with fewer fails the start.");
    public static final ConfigKey MIN_INSYNC_REPLICAS = ConfigKey.of(
            "kafka.minInsyncReplicas",
            "2",
            Type.INTEGER,
            "Copies a message must reach before Kafka acknowledges it (and the station is acknowledged); set on"
                    + " topics envmon creates, checked on existing ones.");
    public static final ConfigKey GROUP_ID = ConfigKey.of(
            "kafka.groupId",
            "envmon-writers",
            Type.TEXT,
            "Consumer group of the writers; every writer of one deployment uses the same.");
    public static final ConfigKey DELIVERY_TIMEOUT = ConfigKey.of(
            "kafka.deliveryTimeout",
            "30s",
            Type.DURATION,
            "How long an edge keeps trying to hand a message to Kafka; after that the station is not acknowledged"
                    + " and sends it again.");
    public static final ConfigKey STARTUP_WAIT = ConfigKey.of(
            "kafka.startupWait",
            "120s",
            Type.DURATION,
            "At start, how long to wait for Kafka to answer and (on an edge) for a writer to have published the"
                    + " station directory.");
    public static final ConfigKey CLIENT_PROPERTIES = ConfigKey.withEnv(
            "kafka.clientProperties",
            "ENVMON_KAFKA_CLIENT_PROPERTIES",
            null,
            Type.PATH,
            "A Java properties file of Kafka client settings passed through to every Kafka client: TLS (ssl.*),"
                    + " SASL (sasl.*, security.protocol), compression.type. Settings envmon's promises rest on"
                    + " (acks, idempotence, offsets, isolation) cannot be overridden.");

    static final List<ConfigKey> ALL = List.of(
            BOOTSTRAP_SERVERS,
            READINGS_TOPIC,
            REJECTIONS_TOPIC,
            DIRECTORY_TOPIC,
            PARTITIONS,
            REPLICATION_FACTOR,
            MIN_INSYNC_REPLICAS,
            GROUP_ID,
            DELIVERY_TIMEOUT,
            STARTUP_WAIT,
            CLIENT_PROPERTIES);

    private KafkaKeys() {}
}
