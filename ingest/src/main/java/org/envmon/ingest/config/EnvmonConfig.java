package org.envmon.ingest.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.envmon.alerting.AlertingSettings;
import org.envmon.alerting.notify.Templates;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.hj212.Hj212AnswerPolicy;

/**
 * The whole validated configuration of one service instance. {@code alerting} is empty when no rules file is
 * configured (alerting off); when present it is the alert engine's own settings record, validated here.
 */
public record EnvmonConfig(
        Path dataDir,
        DatabaseConfig database,
        MqttConfig mqtt,
        TlsConfig tls,
        HttpConfig http,
        Hj212Config hj212,
        LimitsConfig limits,
        IngestConfig ingest,
        StorageConfig storage,
        Duration stationsRefreshInterval,
        SpoolConfig spool,
        Duration shutdownTimeout,
        Optional<AlertingSettings> alerting,
        KafkaConfig kafka) {

    public record DatabaseConfig(
            Optional<String> url,
            String user,
            String password,
            int poolSize,
            Duration connectTimeout,
            Duration startupWait,
            int embeddedPort) {
        public boolean embedded() {
            return url.isEmpty();
        }
    }

    /** {@code port} empty = no plain MQTT listener ({@code mqtt.port: off}). */
    public record MqttConfig(
            String host,
            Optional<Integer> port,
            int maxPacketSize,
            Duration connectTimeout,
            int maxClientIdLength,
            int receiveMaximum,
            boolean allowAnonymous,
            Optional<Integer> tlsPort,
            Optional<Integer> wsPort,
            Optional<Integer> wssPort,
            int topicAliasMaximum,
            int maxSessions,
            Duration maxSessionExpiry) {}

    /**
     * Certificate and key of the TLS listeners; {@code clientCa} set = client certificates required;
     * {@code clientCertificateLogin} = a certificate's CN logs in as that station.
     */
    public record TlsConfig(
            Optional<Path> certificate,
            Optional<Path> privateKey,
            Optional<Path> clientCa,
            boolean clientCertificateLogin) {}

    /**
     * The HTTP endpoint: health, metrics, the API and the staff console, whose pages start in
     * {@code consoleLanguage} (zh or en, from alerting.language) and are reached by staff at
     * {@code consoleUrl} when set.
     */
    public record HttpConfig(
            String host,
            int port,
            Optional<String> apiToken,
            boolean openHealthAndMetrics,
            boolean tls,
            Optional<String> consoleUrl,
            String consoleLanguage) {}

    /** The HJ 212 TCP listener; {@code port} empty = off. */
    public record Hj212Config(
            String host,
            Optional<Integer> port,
            Optional<Integer> tlsPort,
            Duration idleTimeout,
            Duration firstFrameTimeout,
            boolean oneStationPerConnection,
            int maxInFlight,
            boolean requirePassword,
            Hj212AnswerPolicy.Mode answer,
            boolean timeSync) {
        public Hj212AnswerPolicy answerPolicy() {
            return new Hj212AnswerPolicy(answer, timeSync);
        }
    }

    /** Connection limits shared by all listeners. */
    public record LimitsConfig(
            int maxConnections,
            int maxConnectionsPerAddress,
            int stationMessagesPerSecond,
            int stationBurst,
            int failedLoginsPerMinute) {}

    public enum UnknownStationPolicy {
        REJECT,
        REGISTER
    }

    public enum WriteStrategy {
        COPY,
        UNNEST
    }

    public record IngestConfig(
            UnknownStationPolicy unknownStations,
            FactorLookup.UnknownFactors unknownFactors,
            int maxPayloadBytes,
            Duration maxFutureSkew,
            ZoneId defaultTimezone,
            long queueMaxBytes,
            int batchMaxReadings,
            WriteStrategy writeStrategy,
            int rejectedRawLimit) {}

    public record StorageConfig(Duration retention, Duration compressAfter, Duration chunkInterval) {}

    public enum SpoolOverflow {
        BACKPRESSURE,
        REJECT
    }

    public record SpoolConfig(
            boolean enabled, long maxBytes, int segmentBytes, SpoolOverflow overflow, Duration commitTimeout) {}

    public static EnvmonConfig load(Path file, Map<String, String> environment) {
        return from(ConfigSource.load(file, environment));
    }

    public static EnvmonConfig from(ConfigSource c) {
        DatabaseConfig database = new DatabaseConfig(
                c.optional(ConfigKeys.DB_URL).map(url -> requireJdbcUrl(c, url)),
                c.string(ConfigKeys.DB_USER),
                c.optional(ConfigKeys.DB_PASSWORD).orElse(""),
                c.integer(ConfigKeys.DB_POOL_SIZE, 2, 200),
                c.duration(ConfigKeys.DB_CONNECT_TIMEOUT, Duration.ofMillis(250)),
                c.duration(ConfigKeys.DB_STARTUP_WAIT, Duration.ZERO),
                c.integer(ConfigKeys.DB_EMBEDDED_PORT, 0, 65535));
        MqttConfig mqtt = new MqttConfig(
                c.string(ListenerKeys.MQTT_HOST),
                c.isOff(ListenerKeys.MQTT_PORT)
                        ? Optional.empty()
                        : Optional.of(c.integer(ListenerKeys.MQTT_PORT, 0, 65535)),
                c.integer(ListenerKeys.MQTT_MAX_PACKET_SIZE, 1024, 268_435_455),
                c.duration(ListenerKeys.MQTT_CONNECT_TIMEOUT, Duration.ofMillis(100)),
                c.integer(ListenerKeys.MQTT_MAX_CLIENT_ID_LENGTH, 23, 65535),
                c.integer(ListenerKeys.MQTT_RECEIVE_MAXIMUM, 1, 65535),
                c.bool(ListenerKeys.MQTT_ALLOW_ANONYMOUS),
                c.optional(ListenerKeys.MQTT_TLS_PORT).map(port -> c.integer(ListenerKeys.MQTT_TLS_PORT, 0, 65535)),
                c.optional(ListenerKeys.MQTT_WS_PORT).map(port -> c.integer(ListenerKeys.MQTT_WS_PORT, 0, 65535)),
                c.optional(ListenerKeys.MQTT_WSS_PORT).map(port -> c.integer(ListenerKeys.MQTT_WSS_PORT, 0, 65535)),
                c.integer(ListenerKeys.MQTT_TOPIC_ALIAS_MAXIMUM, 0, 65535),
                c.integer(ListenerKeys.MQTT_MAX_SESSIONS, 0, 10_000_000),
                c.duration(ListenerKeys.MQTT_MAX_SESSION_EXPIRY, Duration.ZERO));
        HttpConfig http = http(c);
        Hj212Config hj212 = new Hj212Config(
                c.string(ListenerKeys.HJ212_HOST),
                c.optional(ListenerKeys.HJ212_PORT).map(port -> c.integer(ListenerKeys.HJ212_PORT, 0, 65535)),
                c.optional(ListenerKeys.HJ212_TLS_PORT).map(port -> c.integer(ListenerKeys.HJ212_TLS_PORT, 0, 65535)),
                c.duration(ListenerKeys.HJ212_IDLE_TIMEOUT, Duration.ofSeconds(1)),
                c.duration(ListenerKeys.HJ212_FIRST_FRAME_TIMEOUT, Duration.ofMillis(100)),
                c.bool(ListenerKeys.HJ212_ONE_STATION_PER_CONNECTION),
                c.integer(ListenerKeys.HJ212_MAX_IN_FLIGHT, 1, 10_000),
                c.bool(ListenerKeys.HJ212_REQUIRE_PASSWORD),
                c.choice(ListenerKeys.HJ212_ANSWER, Hj212AnswerPolicy.Mode.class),
                c.bool(ListenerKeys.HJ212_TIME_SYNC));
        if (mqtt.port().isEmpty()
                && mqtt.tlsPort().isEmpty()
                && mqtt.wsPort().isEmpty()
                && mqtt.wssPort().isEmpty()
                && hj212.port().isEmpty()
                && hj212.tlsPort().isEmpty()) {
            throw c.error(
                    ListenerKeys.MQTT_PORT,
                    "is off and no other listener is set (mqtt.tlsPort, mqtt.wsPort, mqtt.wssPort, hj212.port or"
                            + " hj212.tlsPort): the service would receive nothing");
        }
        TlsConfig tls = tls(
                c,
                mqtt.tlsPort().isPresent()
                        || mqtt.wssPort().isPresent()
                        || hj212.tlsPort().isPresent()
                        || http.tls());
        int maxPayload = c.integer(ConfigKeys.INGEST_MAX_PAYLOAD_BYTES, 64, 268_435_455);
        if (maxPayload >= mqtt.maxPacketSize()) {
            throw c.error(
                    ConfigKeys.INGEST_MAX_PAYLOAD_BYTES,
                    "must be smaller than mqtt.maxPacketSize (" + mqtt.maxPacketSize()
                            + ") so that an oversized payload is quarantined, not a broken connection");
        }
        IngestConfig ingest = new IngestConfig(
                c.choice(ConfigKeys.INGEST_UNKNOWN_STATIONS, UnknownStationPolicy.class),
                c.choice(ConfigKeys.INGEST_UNKNOWN_FACTORS, FactorLookup.UnknownFactors.class),
                maxPayload,
                c.duration(ConfigKeys.INGEST_MAX_FUTURE_SKEW, Duration.ZERO),
                zone(c),
                c.integer(ConfigKeys.INGEST_QUEUE_MAX_BYTES, 65_536, Integer.MAX_VALUE),
                c.integer(ConfigKeys.INGEST_BATCH_MAX_READINGS, 1, 1_000_000),
                c.choice(ConfigKeys.INGEST_WRITE_STRATEGY, WriteStrategy.class),
                c.integer(ConfigKeys.INGEST_REJECTED_RAW_LIMIT, 0, 16 * 1024 * 1024));
        StorageConfig storage = new StorageConfig(
                c.duration(ConfigKeys.STORAGE_RETENTION, Duration.ofDays(1)),
                c.duration(ConfigKeys.STORAGE_COMPRESS_AFTER, Duration.ofHours(1)),
                c.duration(ConfigKeys.STORAGE_CHUNK_INTERVAL, Duration.ofMinutes(1)));
        return new EnvmonConfig(
                Path.of(c.string(ConfigKeys.DATA_DIR)),
                database,
                mqtt,
                tls,
                http,
                hj212,
                limits(c),
                ingest,
                storage,
                c.duration(ConfigKeys.STATIONS_REFRESH_INTERVAL, Duration.ofSeconds(1)),
                spool(c),
                c.duration(ConfigKeys.SHUTDOWN_TIMEOUT, Duration.ofSeconds(1)),
                alerting(c, ingest.defaultTimezone(), http.consoleUrl()),
                KafkaConfig.read(c));
    }

    private static TlsConfig tls(ConfigSource c, boolean needed) {
        Optional<Path> certificate = readableFile(c, ListenerKeys.TLS_CERTIFICATE);
        Optional<Path> key = readableFile(c, ListenerKeys.TLS_PRIVATE_KEY);
        if (needed && certificate.isEmpty()) {
            throw c.error(
                    ListenerKeys.TLS_CERTIFICATE,
                    "is required when mqtt.tlsPort, mqtt.wssPort, hj212.tlsPort or http.tls is set");
        }
        if (needed && key.isEmpty()) {
            throw c.error(
                    ListenerKeys.TLS_PRIVATE_KEY,
                    "is required when mqtt.tlsPort, mqtt.wssPort, hj212.tlsPort or http.tls is set");
        }
        Optional<Path> clientCa = readableFile(c, ListenerKeys.TLS_CLIENT_CA);
        boolean certificateLogin = c.bool(ListenerKeys.TLS_CLIENT_CERTIFICATE_LOGIN);
        if (certificateLogin && clientCa.isEmpty()) {
            throw c.error(
                    ListenerKeys.TLS_CLIENT_CERTIFICATE_LOGIN,
                    "true needs tls.clientCa: only certificates signed" + " by a CA you trust may log a station in");
        }
        return new TlsConfig(certificate, key, clientCa, certificateLogin);
    }

    private static Optional<Path> readableFile(ConfigSource c, ConfigKey key) {
        Optional<Path> file = c.optional(key).map(Path::of);
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw c.error(key, "must name a readable file, got '" + file.get() + "'");
        }
        return file;
    }

    private static LimitsConfig limits(ConfigSource c) {
        int total = c.integer(ListenerKeys.LIMITS_MAX_CONNECTIONS, 1, 1_000_000);
        int perAddress = c.integer(ListenerKeys.LIMITS_MAX_CONNECTIONS_PER_ADDRESS, 1, 1_000_000);
        if (perAddress > total) {
            throw c.error(
                    ListenerKeys.LIMITS_MAX_CONNECTIONS_PER_ADDRESS,
                    "must not exceed limits.maxConnections (" + total + "), got " + perAddress);
        }
        return new LimitsConfig(
                total,
                perAddress,
                c.integer(ListenerKeys.LIMITS_STATION_MESSAGES_PER_SECOND, 1, 1_000_000),
                c.integer(ListenerKeys.LIMITS_STATION_BURST, 1, 1_000_000),
                c.integer(ListenerKeys.LIMITS_FAILED_LOGINS_PER_MINUTE, 1, 100_000));
    }

    private static HttpConfig http(ConfigSource c) {
        Optional<String> token = c.optional(ListenerKeys.HTTP_API_TOKEN);
        if (token.isPresent() && (token.get().length() < 16 || !token.get().matches("[\\x21-\\x7E]+"))) {
            // The value itself is never echoed: it is a secret.
            throw c.error(ListenerKeys.HTTP_API_TOKEN, "must be at least 16 printable characters without spaces");
        }
        boolean open = c.bool(ListenerKeys.HTTP_OPEN_HEALTH_AND_METRICS);
        if (!open && token.isEmpty()) {
            throw c.error(
                    ListenerKeys.HTTP_OPEN_HEALTH_AND_METRICS,
                    "false needs http.apiToken, or /health and /metrics" + " would refuse every caller");
        }
        Optional<String> consoleUrl = c.optional(ListenerKeys.HTTP_CONSOLE_URL);
        if (consoleUrl.isPresent() && !consoleUrl.get().matches("https?://[^\\s#?]+")) {
            throw c.error(
                    ListenerKeys.HTTP_CONSOLE_URL,
                    "must be an http(s) URL without query or fragment, got '" + consoleUrl.get() + "'");
        }
        return new HttpConfig(
                c.string(ListenerKeys.HTTP_HOST),
                c.integer(ListenerKeys.HTTP_PORT, 0, 65535),
                token,
                open,
                c.bool(ListenerKeys.HTTP_TLS),
                consoleUrl,
                c.choice(ConfigKeys.ALERTING_LANGUAGE, Templates.Language.class)
                        .name()
                        .toLowerCase(java.util.Locale.ROOT));
    }

    private static Optional<AlertingSettings> alerting(
            ConfigSource c, ZoneId defaultZone, Optional<String> consoleUrl) {
        Optional<Path> rules = c.optional(ConfigKeys.ALERTING_RULES).map(Path::of);
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> grafana = c.optional(ConfigKeys.ALERTING_GRAFANA_URL);
        if (grafana.isPresent() && !grafana.get().matches("https?://\\S+")) {
            throw c.error(ConfigKeys.ALERTING_GRAFANA_URL, "must be an http(s) URL, got '" + grafana.get() + "'");
        }
        return Optional.of(new AlertingSettings(
                rules.get(),
                c.choice(ConfigKeys.ALERTING_LANGUAGE, Templates.Language.class),
                grafana,
                consoleUrl,
                c.integer(ConfigKeys.ALERTING_QUEUE_MAX_READINGS, 1000, 100_000_000),
                c.duration(ConfigKeys.ALERTING_RELOAD_INTERVAL, Duration.ofMillis(100)),
                c.duration(ConfigKeys.ALERTING_NOTIFY_TIMEOUT, Duration.ofMillis(100)),
                c.integer(ConfigKeys.ALERTING_NOTIFY_ATTEMPTS, 1, 100),
                c.duration(ConfigKeys.ALERTING_NOTIFY_BACKOFF, Duration.ofMillis(10)),
                c.integer(ConfigKeys.ALERTING_FLAP_CHANGES, 1, 1000),
                c.duration(ConfigKeys.ALERTING_FLAP_WINDOW, Duration.ofMinutes(1)),
                defaultZone));
    }

    private static SpoolConfig spool(ConfigSource c) {
        int maxBytes = c.integer(ConfigKeys.SPOOL_MAX_BYTES, 1024 * 1024, Integer.MAX_VALUE);
        int segmentBytes = c.integer(ConfigKeys.SPOOL_SEGMENT_BYTES, 64 * 1024, 1024 * 1024 * 1024);
        if (segmentBytes > maxBytes / 2) {
            // Space is freed a whole segment at a time: with fewer than two segments' room a full
            // spool could not take the next batch until the one being written was drained.
            throw c.error(
                    ConfigKeys.SPOOL_SEGMENT_BYTES,
                    "must be at most half of spool.maxBytes (" + maxBytes + "), got " + segmentBytes);
        }
        return new SpoolConfig(
                c.bool(ConfigKeys.SPOOL_ENABLED),
                maxBytes,
                segmentBytes,
                c.choice(ConfigKeys.SPOOL_OVERFLOW, SpoolOverflow.class),
                c.duration(ConfigKeys.SPOOL_COMMIT_TIMEOUT, Duration.ofMillis(100)));
    }

    private static String requireJdbcUrl(ConfigSource c, String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw c.error(
                    ConfigKeys.DB_URL,
                    "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db), got '" + url + "'");
        }
        return url;
    }

    private static ZoneId zone(ConfigSource c) {
        String raw = c.string(ConfigKeys.INGEST_DEFAULT_TIMEZONE);
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            throw c.error(
                    ConfigKeys.INGEST_DEFAULT_TIMEZONE,
                    "must be a time zone id such as Asia/Shanghai, got '" + raw + "'");
        }
    }
}
