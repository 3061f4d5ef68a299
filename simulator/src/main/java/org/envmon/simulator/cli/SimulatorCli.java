package org.envmon.simulator.cli;

import org.envmon.simulator.load.LoadRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar envmon-simulator.jar <command>}: run, bench, catalog. */
@Command(
        name = "envmon-simulator",
        mixinStandardHelpOptions = true,
        description = "Simulated environmental monitoring stations: realistic signals over MQTT or HJ 212 TCP, "
                + "a load mode and a zero-loss check against envmon's database.",
        subcommands = {RunCommand.class, BenchCommand.class, CatalogCommand.class})
public final class SimulatorCli implements Runnable {
    /** Exit code when --verify found missing or duplicated readings. */
    public static final int EXIT_VERIFY_FAILED = 3;

    static final int EXIT_USAGE = 2;
    static final int EXIT_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // a name of its own, so the simulator's logging setting never shadows ingest's logback.xml on one classpath
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "envmon-simulator-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling: a plan that cannot run (bad options, a station without
     * credentials) or a connection refused at the start is one line naming the problem, not a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SimulatorCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("envmon-simulator: " + e.getMessage());
                return EXIT_USAGE;
            }
            if (e instanceof LoadRunner.ConnectFailed) {
                commandLine.getErr().println("envmon-simulator: " + e.getMessage());
                return EXIT_ERROR;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
