package org.envmon.ingest.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.envmon.ingest.config.ConfigKey.Type;

/** Every configuration key the service understands; the single source for loading and for docs. */
public final class ConfigKeys {
    public static final ConfigKey DATA_DIR = ConfigKey.withEnv(
            "dataDir",
            "ENVMON_DATA_DIR",
            "./data",
            Type.PATH,
            "Directory for local state: the embedded PostgreSQL data lives in <dataDir>/postgres, the spool in <dataDir>/spool.");

    public static final ConfigKey DB_URL = ConfigKey.withEnv(
            "db.url",
            "ENVMON_DB_URL",
            null,
            Type.URL,
            "JDBC URL of PostgreSQL/TimescaleDB. Unset: start the embedded PostgreSQL.");
    public static final ConfigKey DB_USER =
            ConfigKey.withEnv("db.user", "ENVMON_DB_USER", "postgres", Type.TEXT, "Database user.");
    public static final ConfigKey DB_PASSWORD =
            ConfigKey.withEnv("db.password", "ENVMON_DB_PASSWORD", "", Type.SECRET, "Database password.");
    public static final ConfigKey DB_POOL_SIZE =
            ConfigKey.of("db.poolSize", "4", Type.INTEGER, "Maximum connections in the HikariCP pool.");
    public static final ConfigKey DB_CONNECT_TIMEOUT = ConfigKey.of(
            "db.connectTimeout",
            "10s",
            Type.DURATION,
            "How long to wait for a pooled connection before a write fails.");
    public static final ConfigKey DB_STARTUP_WAIT = ConfigKey.of(
            "db.startupWait",
            "60s",
            Type.DURATION,
            "At start of serve and demo, how long to keep trying an external database that does not accept"
                    + " connections yet (it may be starting beside the service); 0s: fail at once. Wrong credentials,"
                    + " a missing database or a refused SSL setting fail at once, and so do the stations and migrate"
                    + " commands.");
    public static final ConfigKey DB_EMBEDDED_PORT = ConfigKey.of(
            "db.embedded.port",
            "0",
            Type.PORT,
            "Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free port at each start.");

    public static final ConfigKey INGEST_UNKNOWN_STATIONS = ConfigKey.choiceWithEnv(
            "ingest.unknownStations",
            "ENVMON_UNKNOWN_STATIONS",
            "reject",
            List.of("reject", "register"),
            "What to do with data from a station code not in the station table: reject (quarantine) or register."
                    + " With HJ 212 over TCP and hj212.requirePassword (the default), a station registered this way"
                    + " has no PW, so its frames are refused until one is set (a warning at start says so).");
    public static final ConfigKey INGEST_UNKNOWN_FACTORS = ConfigKey.choice(
            "ingest.unknownFactors",
            "register",
            List.of("register", "quarantine"),
            "What to do with a value whose factor code is not in the catalogue: register (store it under an"
                    + " uncatalogued metric created on first sight; envmon metrics list shows them, envmon metrics set"
                    + " completes them) or quarantine (unknown_metric; the frame's other values are stored).");
    public static final ConfigKey INGEST_MAX_PAYLOAD_BYTES = ConfigKey.of(
            "ingest.maxPayloadBytes",
            "524288",
            Type.INTEGER,
            "Largest payload decoded; a larger one is quarantined (and acknowledged), the connection stays up.");
    public static final ConfigKey INGEST_MAX_FUTURE_SKEW = ConfigKey.of(
            "ingest.maxFutureSkew",
            "10m",
            Type.DURATION,
            "Readings stamped further than this ahead of the server clock are rejected.");
    public static final ConfigKey INGEST_DEFAULT_TIMEZONE = ConfigKey.of(
            "ingest.defaultTimezone",
            "Asia/Shanghai",
            Type.ZONE,
            "Zone for timestamps sent without an offset, for daily rollups and for new stations.");
    public static final ConfigKey INGEST_QUEUE_MAX_BYTES = ConfigKey.of(
            "ingest.queueMaxBytes",
            "67108864",
            Type.INTEGER,
            "Bound of the queue between the network and the database writer (estimated heap bytes);"
                    + " when full, connections stop reading until it drains.");
    public static final ConfigKey INGEST_BATCH_MAX_READINGS = ConfigKey.of(
            "ingest.batchMaxReadings", "5000", Type.INTEGER, "Most readings written in one database transaction.");
    public static final ConfigKey INGEST_WRITE_STRATEGY = ConfigKey.choice(
            "ingest.writeStrategy",
            "copy",
            List.of("copy", "unnest"),
            "How batches are inserted: copy (binary COPY into reading for batches of 1000 readings or more, falling"
                    + " back to INSERT … ON CONFLICT DO NOTHING when a batch repeats stored rows) or unnest"
                    + " (INSERT … SELECT unnest(arrays) ON CONFLICT DO NOTHING for every batch).");
    public static final ConfigKey INGEST_REJECTED_RAW_LIMIT = ConfigKey.of(
            "ingest.rejectedRawLimit",
            "65536",
            Type.INTEGER,
            "Bytes of a rejected payload kept in rejected_message.raw.");

    public static final ConfigKey STORAGE_RETENTION = ConfigKey.of(
            "storage.retention",
            "3650d",
            Type.DURATION,
            "Readings older than this are dropped (TimescaleDB retention policy) and rejected on arrival.");
    public static final ConfigKey STORAGE_COMPRESS_AFTER = ConfigKey.of(
            "storage.compressAfter", "7d", Type.DURATION, "TimescaleDB: compress reading chunks older than this.");
    public static final ConfigKey STORAGE_CHUNK_INTERVAL =
            ConfigKey.of("storage.chunkInterval", "1d", Type.DURATION, "TimescaleDB: time span of one reading chunk.");

    public static final ConfigKey STATIONS_REFRESH_INTERVAL = ConfigKey.of(
            "stations.refreshInterval",
            "30s",
            Type.DURATION,
            "How often station settings (active, time zone, HJ 212 password and CRC mode) are re-read.");

    public static final ConfigKey SPOOL_ENABLED = ConfigKey.of(
            "spool.enabled",
            "true",
            Type.BOOLEAN,
            "When the database is unreachable or too slow, fsync batches to <dataDir>/spool and acknowledge them;"
                    + " false: leave them unacknowledged so stations redeliver.");
    public static final ConfigKey SPOOL_MAX_BYTES = ConfigKey.of(
            "spool.maxBytes",
            "1073741824",
            Type.INTEGER,
            "Bound of the spool on disk, in bytes (at most 2147483647); when reached, spool.overflow applies.");
    public static final ConfigKey SPOOL_SEGMENT_BYTES = ConfigKey.of(
            "spool.segmentBytes",
            "16777216",
            Type.INTEGER,
            "Size at which a spool segment file is closed and a new one started; drained segments are deleted whole."
                    + " At most half of spool.maxBytes.");
    public static final ConfigKey SPOOL_OVERFLOW = ConfigKey.choice(
            "spool.overflow",
            "backpressure",
            List.of("backpressure", "reject"),
            "When the spool is full: backpressure (stop reading; stations hold their data) or reject (close the"
                    + " connection without acknowledging, so the station redelivers later).");
    public static final ConfigKey SPOOL_COMMIT_TIMEOUT = ConfigKey.of(
            "spool.commitTimeout",
            "10s",
            Type.DURATION,
            "A database write that has not answered within this time is abandoned and its batch spooled.");

    public static final ConfigKey SHUTDOWN_TIMEOUT = ConfigKey.of(
            "shutdown.timeout",
            "30s",
            Type.DURATION,
            "On SIGTERM: how long to wait for queued readings to be written and acknowledged.");

    public static final ConfigKey ALERTING_RULES = ConfigKey.withEnv(
            "alerting.rules",
            "ENVMON_ALERT_RULES",
            null,
            Type.PATH,
            "Rules file (YAML) of the alert engine; reloaded when it changes. Unset: alerting is off.");
    public static final ConfigKey ALERTING_LANGUAGE = ConfigKey.choice(
            "alerting.language", "zh", List.of("zh", "en"), "Language of notification messages: zh or en.");
    public static final ConfigKey ALERTING_GRAFANA_URL = ConfigKey.of(
            "alerting.grafanaUrl",
            null,
            Type.URL,
            "Base URL of the Grafana section panel; messages link to it with var-station=<code>.");
    public static final ConfigKey ALERTING_QUEUE_MAX_READINGS = ConfigKey.of(
            "alerting.queueMaxReadings",
            "200000",
            Type.INTEGER,
            "Committed readings that may wait for evaluation; beyond it batches are replayed from the database.");
    public static final ConfigKey ALERTING_RELOAD_INTERVAL = ConfigKey.of(
            "alerting.reloadInterval", "5s", Type.DURATION, "How often the rules file is checked for changes.");
    public static final ConfigKey ALERTING_NOTIFY_TIMEOUT = ConfigKey.of(
            "alerting.notifyTimeout",
            "10s",
            Type.DURATION,
            "Connect and response timeout of one notification attempt.");
    public static final ConfigKey ALERTING_NOTIFY_ATTEMPTS = ConfigKey.of(
            "alerting.notifyAttempts", "6", Type.INTEGER, "Tries per notification before it is marked dead.");
    public static final ConfigKey ALERTING_NOTIFY_BACKOFF = ConfigKey.of(
            "alerting.notifyBackoff",
            "5s",
            Type.DURATION,
            "Wait before the first retry; doubled for each further retry (at most 10 min).");
    public static final ConfigKey ALERTING_FLAP_CHANGES = ConfigKey.of(
            "alerting.flapChanges",
            "4",
            Type.INTEGER,
            "An alert that fires or resolves more often than this within alerting.flapWindow is flapping.");
    public static final ConfigKey ALERTING_FLAP_WINDOW = ConfigKey.of(
            "alerting.flapWindow",
            "1h",
            Type.DURATION,
            "Window of the flapping detection; flapping ends after a quiet window.");

    /** In the order of docs/configuration.md: storage location and database, listeners, then the pipeline. */
    public static final List<ConfigKey> ALL = Stream.of(
                    List.of(
                            DATA_DIR,
                            DB_URL,
                            DB_USER,
                            DB_PASSWORD,
                            DB_POOL_SIZE,
                            DB_CONNECT_TIMEOUT,
                            DB_STARTUP_WAIT,
                            DB_EMBEDDED_PORT),
                    ListenerKeys.ALL,
                    List.of(
                            INGEST_UNKNOWN_STATIONS,
                            INGEST_UNKNOWN_FACTORS,
                            INGEST_MAX_PAYLOAD_BYTES,
                            INGEST_MAX_FUTURE_SKEW,
                            INGEST_DEFAULT_TIMEZONE,
                            INGEST_QUEUE_MAX_BYTES,
                            INGEST_BATCH_MAX_READINGS,
                            INGEST_WRITE_STRATEGY,
                            INGEST_REJECTED_RAW_LIMIT,
                            STORAGE_RETENTION,
                            STORAGE_COMPRESS_AFTER,
                            STORAGE_CHUNK_INTERVAL,
                            STATIONS_REFRESH_INTERVAL,
                            SPOOL_ENABLED,
                            SPOOL_MAX_BYTES,
                            SPOOL_SEGMENT_BYTES,
                            SPOOL_OVERFLOW,
                            SPOOL_COMMIT_TIMEOUT,
                            SHUTDOWN_TIMEOUT,
                            ALERTING_RULES,
                            ALERTING_LANGUAGE,
                            ALERTING_GRAFANA_URL,
                            ALERTING_QUEUE_MAX_READINGS,
                            ALERTING_RELOAD_INTERVAL,
                            ALERTING_NOTIFY_TIMEOUT,
                            ALERTING_NOTIFY_ATTEMPTS,
                            ALERTING_NOTIFY_BACKOFF,
                            ALERTING_FLAP_CHANGES,
                            ALERTING_FLAP_WINDOW),
                    KafkaKeys.ALL)
            .flatMap(List::stream)
            .toList();

    static final Map<String, ConfigKey> BY_PATH =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::path, Function.identity()));

    private ConfigKeys() {}
}
