package org.envmon.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.envmon.ingest.store.EmbeddedDatabase;

/**
 * One PostgreSQL per test JVM — the embedded server the service itself uses, or an external one
 * named by {@code ENVMON_TEST_DB_URL} (a superuser URL without the database part, e.g.
 * {@code jdbc:postgresql://localhost:5432/}) — and a fresh database per test class.
 */
public final class TestPostgres {
    private static EmbeddedDatabase embedded;
    private static String baseUrl;
    private static String user;
    private static String password;

    private TestPostgres() {
    }

    private static synchronized void ensureStarted() {
        if (baseUrl != null) {
            return;
        }
        String external = System.getenv("ENVMON_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            baseUrl = external.endsWith("/") ? external : external + "/";
            user = System.getenv().getOrDefault("ENVMON_TEST_DB_USER", "postgres");
            password = System.getenv().getOrDefault("ENVMON_TEST_DB_PASSWORD", "");
            return;
        }
        try {
            Path dataDir = Files.createTempDirectory("envmon-test-pg");
            embedded = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.WhenInUse.FAIL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        baseUrl = "jdbc:postgresql://127.0.0.1:" + embedded.port() + "/";
        user = embedded.user();
        password = "";
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-postgres-stop"));
    }

    /** Creates an empty database owned by the calling test and returns its JDBC URL. */
    public static String newDatabase(String purpose) {
        ensureStarted();
        String name = ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(baseUrl + "postgres", user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return baseUrl + name;
    }

    public static String user() {
        ensureStarted();
        return user;
    }

    public static String password() {
        ensureStarted();
        return password;
    }
}
