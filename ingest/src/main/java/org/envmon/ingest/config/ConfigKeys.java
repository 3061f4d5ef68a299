package org.envmon.ingest.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.envmon.ingest.config.ConfigKey.Type;

/** Every configuration key the service understands; the single source for loading and for docs. */
public final class ConfigKeys {
    public static final ConfigKey DATA_DIR = ConfigKey.withEnv("dataDir", "ENVMON_DATA_DIR", "./data", Type.PATH,
            "Directory for local state: the embedded PostgreSQL data lives in <dataDir>/postgres, the spool in <dataDir>/spool.");

    public static final ConfigKey DB_URL = ConfigKey.withEnv("db.url", "ENVMON_DB_URL", null, Type.URL,
            "JDBC URL of PostgreSQL/TimescaleDB. Unset: start the embedded PostgreSQL.");
    public static final ConfigKey DB_USER = ConfigKey.withEnv("db.user", "ENVMON_DB_USER", "postgres", Type.TEXT,
            "Database user.");
    public static final ConfigKey DB_PASSWORD = ConfigKey.withEnv("db.password", "ENVMON_DB_PASSWORD", "", Type.SECRET,
            "Database password.");
    public static final ConfigKey DB_POOL_SIZE = ConfigKey.of("db.poolSize", "4", Type.INTEGER,
            "Maximum connections in the HikariCP pool.");
    public static final ConfigKey DB_CONNECT_TIMEOUT = ConfigKey.of("db.connectTimeout", "10s", Type.DURATION,
            "How long to wait for a pooled connection before a write fails.");
    public static final ConfigKey DB_STARTUP_WAIT = ConfigKey.of("db.startupWait", "60s", Type.DURATION,
            "At start of serve and demo, how long to keep trying an external database that does not accept"
                    + " connections yet (it may be starting beside the service); 0s: fail at once. Wrong credentials,"
                    + " a missing database or a refused SSL setting fail at once, and so do the stations and migrate"
                    + " commands.");
    public static final ConfigKey DB_EMBEDDED_PORT = ConfigKey.of("db.embedded.port", "0", Type.PORT,
            "Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free port at each start.");

    public static final ConfigKey MQTT_HOST = ConfigKey.of("mqtt.host", "0.0.0.0", Type.ADDRESS, "Address the MQTT listener binds.");
    public static final ConfigKey MQTT_PORT = ConfigKey.withEnv("mqtt.port", "ENVMON_MQTT_PORT", "1883", Type.PORT_OR_OFF,
            "Plain MQTT listener port (0 picks a free port); off: no plain listener, only mqtt.tlsPort (TLS only).");
    public static final ConfigKey MQTT_MAX_PACKET_SIZE = ConfigKey.of("mqtt.maxPacketSize", "1048576", Type.INTEGER,
            "Largest MQTT packet accepted, in bytes; a larger one closes the connection (MQTT 5: DISCONNECT 0x95).");
    public static final ConfigKey MQTT_CONNECT_TIMEOUT = ConfigKey.of("mqtt.connectTimeout", "10s", Type.DURATION,
            "A connection that sends no CONNECT within this time is closed.");
    public static final ConfigKey MQTT_MAX_CLIENT_ID_LENGTH = ConfigKey.of("mqtt.maxClientIdLength", "128", Type.INTEGER,
            "Longest client identifier accepted; longer ones are refused with 'identifier rejected'.");
    public static final ConfigKey MQTT_RECEIVE_MAXIMUM = ConfigKey.of("mqtt.receiveMaximum", "100", Type.INTEGER,
            "Messages a client may have unacknowledged at once. MQTT 5: QoS 1/2 messages until PUBACK/PUBCOMP,"
                    + " announced in CONNACK; more is a protocol error (DISCONNECT 0x93). MQTT 3.1.1: messages of any"
                    + " QoS waiting to be stored; at the limit the server stops reading from the connection.");

    public static final ConfigKey MQTT_ALLOW_ANONYMOUS = ConfigKey.of("mqtt.allowAnonymous", "false", Type.BOOLEAN,
            "Accept CONNECTs without a user name (no topic restriction). Off: every station logs in with its code"
                    + " and the password set by 'envmon stations passwd CODE'. The demo command turns it on.");

    public static final ConfigKey MQTT_TLS_PORT = ConfigKey.withEnv("mqtt.tlsPort", "ENVMON_MQTT_TLS_PORT", null, Type.PORT,
            "MQTT over TLS listener port (8883 suggested), beside the plain one or alone (mqtt.port: off); unset:"
                    + " none. Needs tls.certificate and tls.privateKey.");

    public static final ConfigKey TLS_CERTIFICATE = ConfigKey.withEnv("tls.certificate", "ENVMON_TLS_CERTIFICATE", null, Type.PATH,
            "PEM file with the server certificate (chain) of the TLS listeners.");
    public static final ConfigKey TLS_PRIVATE_KEY = ConfigKey.withEnv("tls.privateKey", "ENVMON_TLS_PRIVATE_KEY", null, Type.PATH,
            "PEM file with the unencrypted PKCS#8 private key of tls.certificate.");
    public static final ConfigKey TLS_CLIENT_CA = ConfigKey.withEnv("tls.clientCa", "ENVMON_TLS_CLIENT_CA", null, Type.PATH,
            "PEM bundle of CAs; when set, TLS clients must present a certificate signed by one of them.");

    public static final ConfigKey TLS_CLIENT_CERTIFICATE_LOGIN = ConfigKey.of("tls.clientCertificateLogin", "false", Type.BOOLEAN,
            "true: on the TLS listeners a client certificate whose subject CN is a station code logs in as that"
                    + " station. MQTT: no password needed (a user name, if sent, must equal the CN); HJ 212: every"
                    + " frame's MN must equal the CN, and the station needs no PW. Needs tls.clientCa.");

    public static final ConfigKey HTTP_HOST = ConfigKey.of("http.host", "0.0.0.0", Type.ADDRESS, "Address the HTTP endpoint binds.");
    public static final ConfigKey HTTP_PORT = ConfigKey.withEnv("http.port", "ENVMON_HTTP_PORT", "8080", Type.PORT,
            "HTTP port for /health and /metrics (0 picks a free port).");

    public static final ConfigKey HTTP_API_TOKEN = ConfigKey.withEnv("http.apiToken", "ENVMON_HTTP_API_TOKEN", null, Type.SECRET,
            "Bearer token every /api/* request must carry (Authorization: Bearer TOKEN), at least 16 characters."
                    + " Unset: /api/* answers 401 to everyone.");
    public static final ConfigKey HTTP_OPEN_HEALTH_AND_METRICS = ConfigKey.of("http.openHealthAndMetrics", "true", Type.BOOLEAN,
            "/health and /metrics answer without a token; false: they need http.apiToken too.");

    public static final ConfigKey HTTP_TLS = ConfigKey.of("http.tls", "false", Type.BOOLEAN,
            "Serve HTTPS (TLS 1.2/1.3) with tls.certificate and tls.privateKey instead of plain HTTP.");

    public static final ConfigKey HJ212_HOST = ConfigKey.of("hj212.host", "0.0.0.0", Type.ADDRESS,
            "Address the HJ 212 TCP listener binds.");
    public static final ConfigKey HJ212_PORT = ConfigKey.withEnv("hj212.port", "ENVMON_HJ212_PORT", null, Type.PORT,
            "HJ 212 TCP listener port (9212 suggested); unset: no plain HJ 212 listener.");
    public static final ConfigKey HJ212_TLS_PORT = ConfigKey.withEnv("hj212.tlsPort", "ENVMON_HJ212_TLS_PORT", null, Type.PORT,
            "HJ 212 over TLS listener port, beside the plain hj212.port or alone (TLS only); unset: none. Needs"
                    + " tls.certificate and tls.privateKey.");
    public static final ConfigKey HJ212_REQUIRE_PASSWORD = ConfigKey.of("hj212.requirePassword", "true", Type.BOOLEAN,
            "true: frames over HJ 212 TCP from a station without an HJ 212 password (stations add --hj212-password)"
                    + " are refused as hj212_password_unset, so nobody can write for a station by knowing its MN."
                    + " A certificate login (tls.clientCertificateLogin) counts instead.");
    public static final ConfigKey HJ212_IDLE_TIMEOUT = ConfigKey.of("hj212.idleTimeout", "20m", Type.DURATION,
            "A station connection that sends nothing for this long is closed.");
    public static final ConfigKey HJ212_FIRST_FRAME_TIMEOUT = ConfigKey.of("hj212.firstFrameTimeout", "30s", Type.DURATION,
            "A connection that has not sent one complete HJ 212 frame within this time after connecting is closed.");
    public static final ConfigKey HJ212_ONE_STATION_PER_CONNECTION = ConfigKey.of("hj212.oneStationPerConnection",
            "true", Type.BOOLEAN, "A connection belongs to the MN of its first frame; frames naming another MN are refused"
                    + " (mn_mismatch, no 9014). false: for a forwarder that relays several stations on one connection.");
    public static final ConfigKey HJ212_MAX_IN_FLIGHT = ConfigKey.of("hj212.maxInFlight", "32", Type.INTEGER,
            "Frames of one connection waiting to be stored; at the limit the connection stops being read.");

    public static final ConfigKey LIMITS_MAX_CONNECTIONS = ConfigKey.of("limits.maxConnections", "10000", Type.INTEGER,
            "Open MQTT and HJ 212 connections at most, all listeners together; more are closed at accept.");
    public static final ConfigKey LIMITS_MAX_CONNECTIONS_PER_ADDRESS = ConfigKey.of(
            "limits.maxConnectionsPerAddress", "256", Type.INTEGER,
            "Open connections at most from one source IP address (stations behind one NAT share an address).");

    public static final ConfigKey LIMITS_STATION_MESSAGES_PER_SECOND = ConfigKey.of(
            "limits.stationMessagesPerSecond", "20", Type.INTEGER,
            "Messages (MQTT PUBLISH or HJ 212 frames) one station may send per second on average; beyond it the"
                    + " message is quarantined as rate_limited and the connection closed (MQTT 5: DISCONNECT 0x96).");
    public static final ConfigKey LIMITS_STATION_BURST = ConfigKey.of("limits.stationBurst", "200", Type.INTEGER,
            "Messages one station may send at once above its rate, e.g. a backlog after an outage.");

    public static final ConfigKey LIMITS_FAILED_LOGINS_PER_MINUTE = ConfigKey.of("limits.failedLoginsPerMinute", "10", Type.INTEGER,
            "Failed MQTT logins per user name from one address in a minute; beyond it that user name is refused"
                    + " from there without a password check until the minute is over (CONNACK 0x05, MQTT 5: 0x9F)."
                    + " Ten times as many failures, any user names, block the whole address. The same for wrong HJ 212"
                    + " PWs per MN: further frames for it from that address close the connection unread.");

    public static final ConfigKey INGEST_UNKNOWN_STATIONS = ConfigKey.choiceWithEnv("ingest.unknownStations",
            "ENVMON_UNKNOWN_STATIONS", "reject", List.of("reject", "register"),
            "What to do with data from a station code not in the station table: reject (quarantine) or register."
                    + " With HJ 212 over TCP and hj212.requirePassword (the default), a station registered this way"
                    + " has no PW, so its frames are refused until one is set (a warning at start says so).");
    public static final ConfigKey INGEST_MAX_PAYLOAD_BYTES = ConfigKey.of("ingest.maxPayloadBytes", "524288", Type.INTEGER,
            "Largest payload decoded; a larger one is quarantined (and acknowledged), the connection stays up.");
    public static final ConfigKey INGEST_MAX_FUTURE_SKEW = ConfigKey.of("ingest.maxFutureSkew", "10m", Type.DURATION,
            "Readings stamped further than this ahead of the server clock are rejected.");
    public static final ConfigKey INGEST_DEFAULT_TIMEZONE = ConfigKey.of("ingest.defaultTimezone", "Asia/Shanghai", Type.ZONE,
            "Zone for timestamps sent without an offset, for daily rollups and for new stations.");
    public static final ConfigKey INGEST_QUEUE_MAX_BYTES = ConfigKey.of("ingest.queueMaxBytes", "67108864", Type.INTEGER,
            "Bound of the queue between the network and the database writer (estimated heap bytes);"
                    + " when full, connections stop reading until it drains.");
    public static final ConfigKey INGEST_BATCH_MAX_READINGS = ConfigKey.of("ingest.batchMaxReadings", "5000", Type.INTEGER,
            "Most readings written in one database transaction.");
    public static final ConfigKey INGEST_WRITE_STRATEGY = ConfigKey.choice("ingest.writeStrategy", "unnest", List.of("unnest", "copy"),
            "How batches are inserted: unnest (INSERT … SELECT unnest(arrays)) or copy (COPY into a staging table).");
    public static final ConfigKey INGEST_REJECTED_RAW_LIMIT = ConfigKey.of("ingest.rejectedRawLimit", "65536", Type.INTEGER,
            "Bytes of a rejected payload kept in rejected_message.raw.");

    public static final ConfigKey STORAGE_RETENTION = ConfigKey.of("storage.retention", "3650d", Type.DURATION,
            "Readings older than this are dropped (TimescaleDB retention policy) and rejected on arrival.");
    public static final ConfigKey STORAGE_COMPRESS_AFTER = ConfigKey.of("storage.compressAfter", "7d", Type.DURATION,
            "TimescaleDB: compress reading chunks older than this.");
    public static final ConfigKey STORAGE_CHUNK_INTERVAL = ConfigKey.of("storage.chunkInterval", "1d", Type.DURATION,
            "TimescaleDB: time span of one reading chunk.");

    public static final ConfigKey STATIONS_REFRESH_INTERVAL = ConfigKey.of("stations.refreshInterval", "30s", Type.DURATION,
            "How often station settings (active, time zone, HJ 212 password and CRC mode) are re-read.");

    public static final ConfigKey SPOOL_ENABLED = ConfigKey.of("spool.enabled", "true", Type.BOOLEAN,
            "When the database is unreachable or too slow, fsync batches to <dataDir>/spool and acknowledge them;"
                    + " false: leave them unacknowledged so stations redeliver.");
    public static final ConfigKey SPOOL_MAX_BYTES = ConfigKey.of("spool.maxBytes", "1073741824", Type.INTEGER,
            "Bound of the spool on disk, in bytes (at most 2147483647); when reached, spool.overflow applies.");
    public static final ConfigKey SPOOL_SEGMENT_BYTES = ConfigKey.of("spool.segmentBytes", "16777216", Type.INTEGER,
            "Size at which a spool segment file is closed and a new one started; drained segments are deleted whole."
                    + " At most half of spool.maxBytes.");
    public static final ConfigKey SPOOL_OVERFLOW = ConfigKey.choice("spool.overflow", "backpressure", List.of("backpressure", "reject"),
            "When the spool is full: backpressure (stop reading; stations hold their data) or reject (close the"
                    + " connection without acknowledging, so the station redelivers later).");
    public static final ConfigKey SPOOL_COMMIT_TIMEOUT = ConfigKey.of("spool.commitTimeout", "10s", Type.DURATION,
            "A database write that has not answered within this time is abandoned and its batch spooled.");

    public static final ConfigKey SHUTDOWN_TIMEOUT = ConfigKey.of("shutdown.timeout", "30s", Type.DURATION,
            "On SIGTERM: how long to wait for queued readings to be written and acknowledged.");

    public static final ConfigKey ALERTING_RULES = ConfigKey.withEnv("alerting.rules", "ENVMON_ALERT_RULES", null, Type.PATH,
            "Rules file (YAML) of the alert engine; reloaded when it changes. Unset: alerting is off.");
    public static final ConfigKey ALERTING_LANGUAGE = ConfigKey.choice("alerting.language", "zh", List.of("zh", "en"),
            "Language of notification messages: zh or en.");
    public static final ConfigKey ALERTING_GRAFANA_URL = ConfigKey.of("alerting.grafanaUrl", null, Type.URL,
            "Base URL of the Grafana section panel; messages link to it with var-station=<code>.");
    public static final ConfigKey ALERTING_QUEUE_MAX_READINGS = ConfigKey.of("alerting.queueMaxReadings", "200000", Type.INTEGER,
            "Committed readings that may wait for evaluation; beyond it batches are replayed from the database.");
    public static final ConfigKey ALERTING_RELOAD_INTERVAL = ConfigKey.of("alerting.reloadInterval", "5s", Type.DURATION,
            "How often the rules file is checked for changes.");
    public static final ConfigKey ALERTING_NOTIFY_TIMEOUT = ConfigKey.of("alerting.notifyTimeout", "10s", Type.DURATION,
            "Connect and response timeout of one notification attempt.");
    public static final ConfigKey ALERTING_NOTIFY_ATTEMPTS = ConfigKey.of("alerting.notifyAttempts", "6", Type.INTEGER,
            "Tries per notification before it is marked dead.");
    public static final ConfigKey ALERTING_NOTIFY_BACKOFF = ConfigKey.of("alerting.notifyBackoff", "5s", Type.DURATION,
            "Wait before the first retry; doubled for each further retry (at most 10 min).");
    public static final ConfigKey ALERTING_FLAP_CHANGES = ConfigKey.of("alerting.flapChanges", "4", Type.INTEGER,
            "An alert that fires or resolves more often than this within alerting.flapWindow is flapping.");
    public static final ConfigKey ALERTING_FLAP_WINDOW = ConfigKey.of("alerting.flapWindow", "1h", Type.DURATION,
            "Window of the flapping detection; flapping ends after a quiet window.");

    public static final List<ConfigKey> ALL = List.of(DATA_DIR, DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE,
            DB_CONNECT_TIMEOUT, DB_STARTUP_WAIT, DB_EMBEDDED_PORT, MQTT_HOST, MQTT_PORT, MQTT_MAX_PACKET_SIZE, MQTT_CONNECT_TIMEOUT,
            MQTT_MAX_CLIENT_ID_LENGTH, MQTT_RECEIVE_MAXIMUM, MQTT_ALLOW_ANONYMOUS, MQTT_TLS_PORT,
            TLS_CERTIFICATE, TLS_PRIVATE_KEY, TLS_CLIENT_CA, TLS_CLIENT_CERTIFICATE_LOGIN, HTTP_HOST, HTTP_PORT, HTTP_API_TOKEN,
            HTTP_OPEN_HEALTH_AND_METRICS, HTTP_TLS, HJ212_HOST, HJ212_PORT, HJ212_TLS_PORT, HJ212_REQUIRE_PASSWORD,
            HJ212_IDLE_TIMEOUT, HJ212_FIRST_FRAME_TIMEOUT, HJ212_ONE_STATION_PER_CONNECTION,
            HJ212_MAX_IN_FLIGHT, LIMITS_MAX_CONNECTIONS, LIMITS_MAX_CONNECTIONS_PER_ADDRESS,
            LIMITS_STATION_MESSAGES_PER_SECOND, LIMITS_STATION_BURST, LIMITS_FAILED_LOGINS_PER_MINUTE,
            INGEST_UNKNOWN_STATIONS,
            INGEST_MAX_PAYLOAD_BYTES, INGEST_MAX_FUTURE_SKEW, INGEST_DEFAULT_TIMEZONE, INGEST_QUEUE_MAX_BYTES,
            INGEST_BATCH_MAX_READINGS, INGEST_WRITE_STRATEGY, INGEST_REJECTED_RAW_LIMIT, STORAGE_RETENTION,
            STORAGE_COMPRESS_AFTER, STORAGE_CHUNK_INTERVAL, STATIONS_REFRESH_INTERVAL, SPOOL_ENABLED, SPOOL_MAX_BYTES,
            SPOOL_SEGMENT_BYTES, SPOOL_OVERFLOW, SPOOL_COMMIT_TIMEOUT, SHUTDOWN_TIMEOUT, ALERTING_RULES,
            ALERTING_LANGUAGE, ALERTING_GRAFANA_URL, ALERTING_QUEUE_MAX_READINGS, ALERTING_RELOAD_INTERVAL,
            ALERTING_NOTIFY_TIMEOUT, ALERTING_NOTIFY_ATTEMPTS, ALERTING_NOTIFY_BACKOFF, ALERTING_FLAP_CHANGES,
            ALERTING_FLAP_WINDOW);

    static final Map<String, ConfigKey> BY_PATH = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::path, Function.identity()));

    private ConfigKeys() {
    }
}
