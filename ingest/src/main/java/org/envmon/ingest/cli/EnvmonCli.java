package org.envmon.ingest.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.config.ConfigException;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.http.HttpServerLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar envmon.jar <command>}: serve, migrate, stations; a launcher may add commands
 * (the demo, which needs the simulator, is added by the launcher module).
 */
@Command(
        name = "envmon",
        mixinStandardHelpOptions = true,
        versionProvider = EnvmonCli.Version.class,
        description = "Telemetry ingestion for environmental monitoring stations (MQTT, HJ 212, TimescaleDB).",
        subcommands = {
            ServeCommand.class,
            MigrateCommand.class,
            StationsCommand.class,
            MetricsCommand.class,
            UsersCommand.class
        })
public final class EnvmonCli implements Runnable {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        main(args, List.of());
    }

    /** The entry point of a launcher that adds {@code commands} (picocli command classes) to the standard ones. */
    public static void main(String[] args, List<Class<?>> commands) {
        HttpServerLimits.install();
        System.exit(run(args, System.getenv(), commands));
    }

    /** Runs a command line against the given environment; returns the exit code. */
    @SuppressForbidden(reason = "the command's output and errors go to the console")
    public static int run(String[] args, Map<String, String> environment, List<Class<?>> commands) {
        Charset console = Charset.defaultCharset();
        return run(
                args,
                environment,
                commands,
                new PrintWriter(new OutputStreamWriter(System.out, console), true),
                new PrintWriter(new OutputStreamWriter(System.err, console), true));
    }

    /** As {@link #run(String[], Map, List)}, with the standard commands only. */
    public static int run(String[] args, Map<String, String> environment) {
        return run(args, environment, List.of());
    }

    /** As {@link #run(String[], Map)}, printing to the given writers. */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        return run(args, environment, List.of(), out, err);
    }

    /** As {@link #run(String[], Map, List)}, printing to the given writers. */
    public static int run(
            String[] args, Map<String, String> environment, List<Class<?>> commands, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new EnvmonCli(), new EnvironmentFactory(environment));
        commands.forEach(cli::addSubcommand);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter errors = commandLine.getErr();
            if (e instanceof ConfigException) {
                errors.println("envmon: configuration error: " + e.getMessage());
                return EXIT_CONFIG;
            }
            if (e instanceof InvalidInput) {
                errors.println("envmon: " + e.getMessage());
                return EXIT_CONFIG;
            }
            errors.println("envmon: " + e.getMessage());
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The --config option shared by every command. */
    static final class ConfigOption {
        @Option(
                names = {"-c", "--config"},
                paramLabel = "FILE",
                description = "YAML configuration file (every key can also be set by environment variable).")
        Path file;
    }

    /** Gives commands the environment the CLI was started with, so tests can supply their own. */
    static final class EnvironmentFactory implements CommandLine.IFactory {
        private final Map<String, String> environment;

        EnvironmentFactory(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            K instance = CommandLine.defaultFactory().create(type);
            if (instance instanceof EnvironmentAware aware) {
                aware.environment(environment);
            }
            return instance;
        }
    }

    /** A command that loads configuration from the file and the environment. */
    public abstract static class EnvironmentAware {
        private Map<String, String> environment = Map.of();

        void environment(Map<String, String> environment) {
            this.environment = environment;
        }

        /** The environment the command line was started with. */
        protected Map<String, String> environment() {
            return environment;
        }

        EnvmonConfig loadConfig(ConfigOption option) {
            return EnvmonConfig.load(option.file, environment);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EnvmonCli.class.getPackage().getImplementationVersion();
            return new String[] {"envmon " + (version == null ? "development build" : version)};
        }
    }
}
