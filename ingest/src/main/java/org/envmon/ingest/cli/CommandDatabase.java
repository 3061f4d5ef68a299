package org.envmon.ingest.cli;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.EmbeddedDatabase;

/** The configured database, open for one command: migrated, beside a running service's embedded one if need be. */
final class CommandDatabase {
    private CommandDatabase() {}

    interface Action<T> {
        T apply(DataSource dataSource) throws SQLException;
    }

    static <T> T with(EnvmonConfig config, Action<T> action) throws SQLException {
        try (Database database = Database.open(config, EmbeddedDatabase.WhenInUse.SHARE, Duration.ZERO)) {
            return action.apply(database.dataSource());
        }
    }
}
