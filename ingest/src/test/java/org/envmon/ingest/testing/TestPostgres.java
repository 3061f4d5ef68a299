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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One PostgreSQL per test JVM and a fresh database per test class. Which server, by {@code -Ddb}:
 * <ul>
 *   <li>{@code auto} (the default): a TimescaleDB container (Testcontainers) when a Docker engine
 *       answers, else the embedded PostgreSQL the service itself uses;</li>
 *   <li>{@code timescale}: the TimescaleDB container, failing when there is no Docker engine;</li>
 *   <li>{@code embedded}: the embedded PostgreSQL.</li>
 * </ul>
 * {@code ENVMON_TEST_DB_URL} (a superuser URL without the database part, e.g.
 * {@code jdbc:postgresql://localhost:5432/}) names an external server instead. The mode is logged.
 */
public final class TestPostgres {
    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    /** The TimescaleDB the SQL check (timescale-check) also runs: 2.23 on PostgreSQL 17. */
    private static final String TIMESCALE_IMAGE =
            System.getProperty("envmon.test.timescaleImage", "timescale/timescaledb:2.23.0-pg17");

    private static String baseUrl;
    private static String user;
    private static String password;

    private TestPostgres() {}

    private static synchronized void ensureStarted() {
        if (baseUrl != null) {
            return;
        }
        String external = System.getenv("ENVMON_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            baseUrl = external.endsWith("/") ? external : external + "/";
            user = System.getenv().getOrDefault("ENVMON_TEST_DB_USER", "postgres");
            password = System.getenv().getOrDefault("ENVMON_TEST_DB_PASSWORD", "");
            log.info("Test database: external PostgreSQL at {} (ENVMON_TEST_DB_URL)", baseUrl);
            return;
        }
        String mode = System.getProperty("db", "auto").toLowerCase(Locale.ROOT);
        switch (mode) {
            case "embedded" -> startEmbedded("-Ddb=embedded");
            case "timescale" -> startTimescale("-Ddb=timescale");
            case "auto" -> {
                if (DockerClientFactory.instance().isDockerAvailable()) {
                    startTimescale("a Docker engine answers");
                } else {
                    startEmbedded("no Docker engine answers; -Ddb=timescale requires one");
                }
            }
            default -> throw new IllegalArgumentException("-Ddb=" + mode + ": expected auto, embedded or timescale");
        }
    }

    private static void startEmbedded(String why) {
        EmbeddedDatabase embedded;
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
        log.info("Test database: embedded PostgreSQL on port {} ({})", embedded.port(), why);
    }

    private static void startTimescale(String why) {
        PostgreSQLContainer container = new PostgreSQLContainer(
                        DockerImageName.parse(TIMESCALE_IMAGE).asCompatibleSubstituteFor("postgres"))
                .withUsername("postgres")
                .withPassword("postgres");
        container.start();
        baseUrl = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/";
        user = container.getUsername();
        password = container.getPassword();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-timescale-stop"));
        log.info("Test database: TimescaleDB container {} at {} ({})", TIMESCALE_IMAGE, baseUrl, why);
    }

    /** Creates an empty database owned by the calling test and returns its JDBC URL. */
    public static String newDatabase(String purpose) {
        ensureStarted();
        String name = ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
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
