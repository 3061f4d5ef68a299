package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.envmon.ingest.config.Durations;
import org.envmon.ingest.config.EnvmonConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations: the common tables, then the TimescaleDB or the plain-PostgreSQL
 * flavour. A database keeps the flavour it was first migrated with.
 */
final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String FLAVOUR_VERSION = "3";

    private final DataSource dataSource;
    private final EnvmonConfig config;

    SchemaMigrator(DataSource dataSource, EnvmonConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    StorageMode migrate() {
        StorageMode mode = detectMode();
        Map<String, String> placeholders = Map.of(
                "timezone", config.ingest().defaultTimezone().getId(),
                "chunkInterval", Durations.toSqlInterval(config.storage().chunkInterval()),
                "compressAfter", Durations.toSqlInterval(config.storage().compressAfter()),
                "retention", Durations.toSqlInterval(config.storage().retention()));
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(
                            "classpath:db/migration/common",
                            mode.migrationLocation(),
                            "classpath:db/migration/alerting")
                    .placeholders(placeholders)
                    .javaMigrations(new FactorCatalogue())
                    .load();
            int applied = flyway.migrate().migrationsExecuted;
            if (applied > 0) {
                log.info("Applied {} schema migration(s)", applied);
            }
        } catch (FlywayException e) {
            throw new IllegalStateException("Schema migration failed: " + e.getMessage(), e);
        }
        return mode;
    }

    private StorageMode detectMode() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            String applied = appliedFlavour(s);
            if (applied != null) {
                return applied.contains("timescale") ? StorageMode.TIMESCALEDB : StorageMode.POSTGRESQL;
            }
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                if (!rs.next()) {
                    return StorageMode.POSTGRESQL;
                }
            }
            try {
                s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
                return StorageMode.TIMESCALEDB;
            } catch (SQLException e) {
                log.warn(
                        "The timescaledb extension is available but cannot be created ({}); running on plain"
                                + " PostgreSQL. Add timescaledb to shared_preload_libraries and grant CREATE to use it.",
                        e.getMessage());
                return StorageMode.POSTGRESQL;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot inspect the database before migrating: " + e.getMessage(), e);
        }
    }

    /** The script name of the applied flavour migration, or null on a fresh database. */
    private static String appliedFlavour(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        try (ResultSet rs = s.executeQuery(
                "SELECT script FROM flyway_schema_history WHERE version = '" + FLAVOUR_VERSION + "' AND success")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
