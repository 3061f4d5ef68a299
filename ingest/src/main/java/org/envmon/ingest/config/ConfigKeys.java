package org.envmon.ingest.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every configuration key the service understands; the single source for loading and for docs. */
public final class ConfigKeys {
    public static final ConfigKey DATA_DIR = ConfigKey.withEnv("dataDir", "ENVMON_DATA_DIR", "./data",
            "Directory for local state: the embedded PostgreSQL data lives in <dataDir>/postgres, the spool in <dataDir>/spool.");

    public static final ConfigKey DB_URL = ConfigKey.withEnv("db.url", "ENVMON_DB_URL", null,
            "JDBC URL of PostgreSQL/TimescaleDB. Unset: start the embedded PostgreSQL.");
    public static final ConfigKey DB_USER = ConfigKey.withEnv("db.user", "ENVMON_DB_USER", "postgres",
            "Database user.");
    public static final ConfigKey DB_PASSWORD = ConfigKey.withEnv("db.password", "ENVMON_DB_PASSWORD", "",
            "Database password.");
    public static final ConfigKey DB_POOL_SIZE = ConfigKey.of("db.poolSize", "4",
            "Maximum connections in the HikariCP pool.");
    public static final ConfigKey DB_CONNECT_TIMEOUT = ConfigKey.of("db.connectTimeout", "10s",
            "How long to wait for a pooled connection before a write fails.");
    public static final ConfigKey DB_EMBEDDED_PORT = ConfigKey.of("db.embedded.port", "0",
            "Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free port at each start.");

    public static final ConfigKey MQTT_HOST = ConfigKey.of("mqtt.host", "0.0.0.0", "Address the MQTT listener binds.");
    public static final ConfigKey MQTT_PORT = ConfigKey.withEnv("mqtt.port", "ENVMON_MQTT_PORT", "1883",
            "MQTT listener port (0 picks a free port).");
    public static final ConfigKey MQTT_MAX_PACKET_SIZE = ConfigKey.of("mqtt.maxPacketSize", "1048576",
            "Largest MQTT packet accepted, in bytes; a larger one closes the connection (MQTT 5: DISCONNECT 0x95).");
    public static final ConfigKey MQTT_CONNECT_TIMEOUT = ConfigKey.of("mqtt.connectTimeout", "10s",
            "A connection that sends no CONNECT within this time is closed.");
    public static final ConfigKey MQTT_MAX_CLIENT_ID_LENGTH = ConfigKey.of("mqtt.maxClientIdLength", "128",
            "Longest client identifier accepted; longer ones are refused with 'identifier rejected'.");
    public static final ConfigKey MQTT_RECEIVE_MAXIMUM = ConfigKey.of("mqtt.receiveMaximum", "100",
            "QoS 1/2 messages a client may have unacknowledged at once (announced to MQTT 5 clients, enforced).");

    public static final ConfigKey HTTP_HOST = ConfigKey.of("http.host", "0.0.0.0", "Address the HTTP endpoint binds.");
    public static final ConfigKey HTTP_PORT = ConfigKey.withEnv("http.port", "ENVMON_HTTP_PORT", "8080",
            "HTTP port for /health and /metrics (0 picks a free port).");

    public static final ConfigKey INGEST_UNKNOWN_STATIONS = ConfigKey.withEnv("ingest.unknownStations",
            "ENVMON_UNKNOWN_STATIONS", "reject",
            "What to do with data from a station code not in the station table: reject (quarantine) or register.");
    public static final ConfigKey INGEST_MAX_PAYLOAD_BYTES = ConfigKey.of("ingest.maxPayloadBytes", "524288",
            "Largest payload decoded; a larger one is quarantined (and acknowledged), the connection stays up.");
    public static final ConfigKey INGEST_MAX_FUTURE_SKEW = ConfigKey.of("ingest.maxFutureSkew", "10m",
            "Readings stamped further than this ahead of the server clock are rejected.");
    public static final ConfigKey INGEST_DEFAULT_TIMEZONE = ConfigKey.of("ingest.defaultTimezone", "Asia/Shanghai",
            "Zone for timestamps sent without an offset, for daily rollups and for new stations.");
    public static final ConfigKey INGEST_QUEUE_MAX_BYTES = ConfigKey.of("ingest.queueMaxBytes", "67108864",
            "Bound of the queue between the network and the database writer (estimated heap bytes);"
                    + " when full, connections stop reading until it drains.");
    public static final ConfigKey INGEST_BATCH_MAX_READINGS = ConfigKey.of("ingest.batchMaxReadings", "5000",
            "Most readings written in one database transaction.");
    public static final ConfigKey INGEST_WRITE_STRATEGY = ConfigKey.of("ingest.writeStrategy", "unnest",
            "How batches are inserted: unnest (INSERT … SELECT unnest(arrays)) or copy (COPY into a staging table).");
    public static final ConfigKey INGEST_REJECTED_RAW_LIMIT = ConfigKey.of("ingest.rejectedRawLimit", "65536",
            "Bytes of a rejected payload kept in rejected_message.raw.");

    public static final ConfigKey STORAGE_RETENTION = ConfigKey.of("storage.retention", "3650d",
            "Readings older than this are dropped (TimescaleDB retention policy) and rejected on arrival.");
    public static final ConfigKey STORAGE_COMPRESS_AFTER = ConfigKey.of("storage.compressAfter", "7d",
            "TimescaleDB: compress reading chunks older than this.");
    public static final ConfigKey STORAGE_CHUNK_INTERVAL = ConfigKey.of("storage.chunkInterval", "1d",
            "TimescaleDB: time span of one reading chunk.");

    public static final ConfigKey SPOOL_ENABLED = ConfigKey.of("spool.enabled", "true",
            "When the database is unreachable or too slow, fsync batches to <dataDir>/spool and acknowledge them;"
                    + " false: leave them unacknowledged so stations redeliver.");
    public static final ConfigKey SPOOL_MAX_BYTES = ConfigKey.of("spool.maxBytes", "1073741824",
            "Bound of the spool on disk, in bytes; when reached, spool.overflow applies.");
    public static final ConfigKey SPOOL_SEGMENT_BYTES = ConfigKey.of("spool.segmentBytes", "16777216",
            "Size at which a spool segment file is closed and a new one started; drained segments are deleted whole.");
    public static final ConfigKey SPOOL_OVERFLOW = ConfigKey.of("spool.overflow", "backpressure",
            "When the spool is full: backpressure (stop reading; stations hold their data) or reject (close the"
                    + " connection without acknowledging, so the station redelivers later).");
    public static final ConfigKey SPOOL_COMMIT_TIMEOUT = ConfigKey.of("spool.commitTimeout", "10s",
            "A database write that has not answered within this time is abandoned and its batch spooled.");

    public static final ConfigKey SHUTDOWN_TIMEOUT = ConfigKey.of("shutdown.timeout", "30s",
            "On SIGTERM: how long to wait for queued readings to be written and acknowledged.");

    public static final List<ConfigKey> ALL = List.of(DATA_DIR, DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE,
            DB_CONNECT_TIMEOUT, DB_EMBEDDED_PORT, MQTT_HOST, MQTT_PORT, MQTT_MAX_PACKET_SIZE, MQTT_CONNECT_TIMEOUT,
            MQTT_MAX_CLIENT_ID_LENGTH, MQTT_RECEIVE_MAXIMUM, HTTP_HOST, HTTP_PORT, INGEST_UNKNOWN_STATIONS,
            INGEST_MAX_PAYLOAD_BYTES, INGEST_MAX_FUTURE_SKEW, INGEST_DEFAULT_TIMEZONE, INGEST_QUEUE_MAX_BYTES,
            INGEST_BATCH_MAX_READINGS, INGEST_WRITE_STRATEGY, INGEST_REJECTED_RAW_LIMIT, STORAGE_RETENTION,
            STORAGE_COMPRESS_AFTER, STORAGE_CHUNK_INTERVAL, SPOOL_ENABLED, SPOOL_MAX_BYTES, SPOOL_SEGMENT_BYTES,
            SPOOL_OVERFLOW, SPOOL_COMMIT_TIMEOUT, SHUTDOWN_TIMEOUT);

    static final Map<String, ConfigKey> BY_PATH = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::path, Function.identity()));

    private ConfigKeys() {
    }
}
