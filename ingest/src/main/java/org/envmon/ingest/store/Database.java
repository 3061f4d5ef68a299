package org.envmon.ingest.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.envmon.ingest.config.EnvmonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database the service runs on: the embedded PostgreSQL or a configured server, a HikariCP
 * pool, and the schema migrated for the detected storage mode.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EmbeddedDatabase embedded;
    private final StorageMode mode;

    private Database(HikariDataSource dataSource, EmbeddedDatabase embedded, StorageMode mode) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.mode = mode;
    }

    /** Opens the configured database (starting the embedded one when no URL is set) and migrates it. */
    public static Database open(EnvmonConfig config, EmbeddedDatabase.WhenInUse whenInUse) {
        EnvmonConfig.DatabaseConfig db = config.database();
        EmbeddedDatabase embedded = null;
        String url;
        String user;
        String password;
        if (db.embedded()) {
            embedded = EmbeddedDatabase.start(config.dataDir(), db.embeddedPort(), whenInUse);
            url = embedded.jdbcUrl();
            user = embedded.user();
            password = "";
        } else {
            url = db.url().orElseThrow();
            user = db.user();
            password = db.password();
        }
        HikariDataSource pool = null;
        try {
            pool = pool(url, user, password, db);
            StorageMode mode = new SchemaMigrator(pool, config).migrate();
            log.info("Storage mode: {} ({}{})", mode.label(),
                    mode == StorageMode.TIMESCALEDB ? "hypertable, compression, retention, continuous aggregates"
                            : "plain tables, rollups as views; install the timescaledb extension for more",
                    embedded != null ? ", embedded PostgreSQL" : ", " + redact(url));
            return new Database(pool, embedded, mode);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static HikariDataSource pool(String url, String user, String password, EnvmonConfig.DatabaseConfig db) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("envmon-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(db.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(db.connectTimeout().toMillis());
        hikari.setAutoCommit(true);
        hikari.addDataSourceProperty("ApplicationName", "envmon");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.setInitializationFailTimeout(db.connectTimeout().toMillis());
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot connect to the database at " + redact(url) + " as '" + user
                    + "': " + rootMessage(e) + " (check ENVMON_DB_URL, ENVMON_DB_USER, ENVMON_DB_PASSWORD)", e);
        }
    }

    static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public StorageMode mode() {
        return mode;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** True when a connection can be taken and answers a trivial query. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
