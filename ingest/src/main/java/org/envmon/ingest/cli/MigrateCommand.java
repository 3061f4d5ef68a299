package org.envmon.ingest.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.EmbeddedDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = "Create or upgrade the database schema, then exit.")
final class MigrateCommand extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
    @Mixin
    EnvmonCli.ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Database database = Database.open(loadConfig(config), EmbeddedDatabase.WhenInUse.SHARE, Duration.ZERO)) {
            spec.commandLine()
                    .getOut()
                    .println("Schema is up to date (storage mode: "
                            + database.mode().label() + (database.embedded() ? ", embedded PostgreSQL" : "") + ")");
        }
        return 0;
    }
}
