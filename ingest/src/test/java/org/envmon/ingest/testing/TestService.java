package org.envmon.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.service.EnvmonService;

/** A real envmon service on its own test database, ephemeral ports, and helpers to query what it stored. */
public final class TestService implements AutoCloseable {
    private final EnvmonService service;
    private final String jdbcUrl;

    private TestService(EnvmonService service, String jdbcUrl) {
        this.service = service;
        this.jdbcUrl = jdbcUrl;
    }

    /** Starts a service; {@code overrides} are environment variables such as ENVMON_UNKNOWN_STATIONS. */
    public static TestService start(String purpose, Map<String, String> overrides) throws InterruptedException {
        String url = TestPostgres.newDatabase(purpose);
        return startOn(url, overrides);
    }

    public static TestService startOn(String url, Map<String, String> overrides) throws InterruptedException {
        return new TestService(EnvmonService.start(config(url, overrides)), url);
    }

    public static EnvmonConfig config(String url, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DB_URL", url);
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        env.put("ENVMON_MQTT_PORT", "0");
        env.put("ENVMON_MQTT_HOST", "127.0.0.1");
        env.put("ENVMON_HTTP_PORT", "0");
        env.put("ENVMON_HTTP_HOST", "127.0.0.1");
        env.put("ENVMON_SHUTDOWN_TIMEOUT", "20s");
        env.put("ENVMON_DATA_DIR", tempDataDir().toString());
        // Most tests are about ingestion, not login; the security tests override these.
        env.put("ENVMON_MQTT_ALLOW_ANONYMOUS", "true");
        env.put("ENVMON_HJ212_REQUIRE_PASSWORD", "false");
        // Load and back-pressure tests send thousands of messages per station; the rate limit has its own tests.
        env.put("ENVMON_LIMITS_STATION_MESSAGES_PER_SECOND", "1000000");
        env.put("ENVMON_LIMITS_STATION_BURST", "1000000");
        env.putAll(overrides);
        return EnvmonConfig.load(null, env);
    }

    /** Local state (the spool) of one service: never shared, so no test drains another's spool. */
    private static Path tempDataDir() {
        try {
            return Files.createTempDirectory("envmon-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EnvmonService service() {
        return service;
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + service.mqttPort();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, TestPostgres.user(), TestPostgres.password());
    }

    public void addStation(String code) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO station (code, name, kind) VALUES (?, ?, 'river_section')")) {
            s.setString(1, code);
            s.setString(2, "Station " + code);
            s.executeUpdate();
        }
    }

    public long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect()) {
            return Sql.count(c, sql, params);
        }
    }

    public long readingsOf(String station) throws SQLException {
        return count("SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id WHERE s.code = ?", station);
    }

    public long rejections(String reason) throws SQLException {
        return count("SELECT count(*) FROM rejected_message WHERE reason = ?", reason);
    }

    @Override
    public void close() {
        service.close();
    }
}
