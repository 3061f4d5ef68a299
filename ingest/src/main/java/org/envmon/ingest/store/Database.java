package org.envmon.ingest.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.envmon.ingest.config.Durations;
import org.envmon.ingest.config.EnvmonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database the service runs on: the embedded PostgreSQL or a configured server, a HikariCP
 * pool, and the schema migrated for the detected storage mode.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final long FIRST_RETRY_PAUSE_MILLIS = 500;
    private static final long MAX_RETRY_PAUSE_MILLIS = 5_000;

    private final HikariDataSource dataSource;
    private final EmbeddedDatabase embedded;
    private final StorageMode mode;

    private Database(HikariDataSource dataSource, EmbeddedDatabase embedded, StorageMode mode) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.mode = mode;
    }

    /**
     * Opens the configured database (starting the embedded one when no URL is set) and migrates it.
     *
     * @param startupWait how long to keep trying an external database that does not accept
     *                    connections yet (the service waits; a command run by hand answers at once)
     */
    public static Database open(EnvmonConfig config, EmbeddedDatabase.WhenInUse whenInUse, Duration startupWait) {
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
            pool = pool(url, user, password, db, embedded != null ? Duration.ZERO : startupWait);
            StorageMode mode = new SchemaMigrator(pool, config).migrate();
            log.info(
                    "Storage mode: {} ({}{})",
                    mode.label(),
                    mode == StorageMode.TIMESCALEDB
                            ? "hypertable, compression, retention, continuous aggregates"
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

    /**
     * Opens the pool once the database accepts connections. One that does not yet (refused, or
     * "starting up") is tried again with growing pauses for up to {@code startupWait}: in a compose
     * file or after a host reboot the database and the service start together. Anything else (wrong
     * password, no such database, SSL refused) fails at once.
     */
    private static HikariDataSource pool(
            String url, String user, String password, EnvmonConfig.DatabaseConfig db, Duration startupWait) {
        int attempts = awaitAcceptingConnections(url, user, password, db.connectTimeout(), startupWait);
        try {
            return new HikariDataSource(hikariConfig(url, user, password, db));
        } catch (RuntimeException e) {
            throw cannotConnect(url, user, attempts, startupWait, e);
        }
    }

    /** Returns the number of attempts it took; the probe is a plain connection, without the pool's own pauses. */
    private static int awaitAcceptingConnections(
            String url, String user, String password, Duration connectTimeout, Duration startupWait) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
        properties.setProperty("ApplicationName", "envmon");
        long deadline = System.nanoTime() + startupWait.toNanos();
        long pauseMillis = FIRST_RETRY_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try (Connection probe = DriverManager.getConnection(url, properties)) {
                return attempt;
            } catch (SQLException e) {
                boolean retry = notAcceptingConnectionsYet(e)
                        && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) < deadline;
                if (!retry) {
                    throw cannotConnect(url, user, attempt, startupWait, e);
                }
                log.warn(
                        "Database at {} does not accept connections yet ({}); trying again in {} ms",
                        redact(url),
                        rootMessage(e),
                        pauseMillis);
                pause(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, MAX_RETRY_PAUSE_MILLIS);
            }
        }
    }

    private static IllegalStateException cannotConnect(
            String url, String user, int attempts, Duration startupWait, Exception cause) {
        return new IllegalStateException(
                "Cannot connect to the database at " + redact(url) + " as '" + user + "' ("
                        + attempts
                        + (attempts == 1
                                ? " attempt"
                                : " attempts within db.startupWait " + Durations.format(startupWait))
                        + "): " + rootMessage(cause)
                        + " (check ENVMON_DB_URL, ENVMON_DB_USER, ENVMON_DB_PASSWORD)",
                cause);
    }

    private static HikariConfig hikariConfig(String url, String user, String password, EnvmonConfig.DatabaseConfig db) {
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
        // One try per pool: the waiting for a database that is still starting happens in pool().
        hikari.setInitializationFailTimeout(1);
        return hikari;
    }

    /**
     * 08001 (cannot connect: refused, unreachable), 08006 (connection lost while connecting) or
     * 57P03 (the server is starting or recovering). Other 08 states, such as a refused SSL
     * negotiation, are configuration errors that waiting does not fix.
     */
    static boolean notAcceptingConnectionsYet(SQLException e) {
        String state = e.getSQLState();
        return "08001".equals(state) || "08006".equals(state) || "57P03".equals(state);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the database to start", e);
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
