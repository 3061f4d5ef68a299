package org.envmon.ingest.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL that makes envmon run with no database configured. Data stays under the
 * data directory across restarts. Commits are durable: the embedded defaults (fsync off,
 * asynchronous commit) are overridden. A postgres left behind by a killed service is stopped
 * before start; one that belongs to a running service is shared, or refused, as the caller asks.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE_NAME = "envmon";
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /** What to do when another live envmon already serves this data directory. */
    public enum WhenInUse {
        SHARE,
        FAIL
    }

    /** Starts (or, with SHARE, attaches to) the embedded server and ensures the envmon database exists. */
    public static EmbeddedDatabase start(Path dataDir, int port, WhenInUse whenInUse) {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(pgData);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded database directory " + pgData, e);
        }
        PostmasterPidFile.Status status = PostmasterPidFile.inspect(pgData);
        if (status.runningForLiveOwner()) {
            if (whenInUse == WhenInUse.FAIL) {
                throw new IllegalStateException("The embedded database in " + pgData + " is in use by a running"
                        + " envmon (postgres pid " + status.pid() + "); stop it first or set another "
                        + "ENVMON_DATA_DIR");
            }
            log.info("Using the embedded database of the running envmon on port {}", status.port());
            return new EmbeddedDatabase(null, status.port());
        }
        if (status.orphaned()) {
            log.warn("Stopping postgres pid {} left running by an earlier envmon that was killed", status.pid());
            PostmasterPidFile.stopOrphan(status, Duration.ofSeconds(60));
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, postgres.getPort());
            database.ensureDatabase();
            log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), pgData);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
        }
    }

    private void ensureDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE_NAME + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE_NAME);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create database " + DATABASE_NAME + " in the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE_NAME);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
