package org.envmon.ingest.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.store.MetricRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "metrics",
        description = "The factor catalogue: list it, and describe factors registered from stations' data.",
        subcommands = {MetricsCommand.ListMetrics.class, MetricsCommand.SetMetric.class})
final class MetricsCommand implements Runnable {
    private static final Set<String> CATEGORIES = Set.of(
            "water",
            "air",
            "flue_gas",
            "meteorological",
            "particulate",
            "noise",
            "voc",
            "radioactivity",
            "biological",
            "other");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    interface RepositoryAction<T> {
        T apply(MetricRepository repository) throws SQLException;
    }

    static <T> T withRepository(EnvmonConfig config, RepositoryAction<T> action) throws SQLException {
        return CommandDatabase.with(config, dataSource -> action.apply(new MetricRepository(dataSource)));
    }

    @Command(name = "list", description = "List the factor catalogue; uncatalogued factors (seen in data) first.")
    static final class ListMetrics extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        private static final String ROW = "%-5s %-10s %-6s %-32s %-16s %-8s %-4s %-14s %s%n";

        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Option(names = "--uncatalogued", description = "Only factors registered from stations' data, not described.")
        boolean uncatalogued;

        @Override
        public Integer call() throws SQLException {
            List<MetricRepository.Listing> metrics =
                    withRepository(loadConfig(config), repository -> repository.list(uncatalogued));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, ROW, "ID", "CODE", "2005", "NAME", "NAME-ZH", "UNIT", "DEC", "CATEGORY", "STATUS");
            long pending = 0;
            for (MetricRepository.Listing m : metrics) {
                pending += m.catalogued() ? 0 : 1;
                out.printf(
                        Locale.ROOT,
                        ROW,
                        m.id(),
                        m.code(),
                        orEmpty(m.code2005()),
                        m.name(),
                        orEmpty(m.nameZh()),
                        orEmpty(m.unit()),
                        m.decimals() == null ? "" : m.decimals().toString(),
                        orEmpty(m.category()),
                        m.catalogued() ? "catalogued" : "uncatalogued since " + m.firstSeenAt());
            }
            out.println(metrics.size() + " metric(s), " + pending + " uncatalogued");
            return 0;
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value;
        }
    }

    @Command(
            name = "set",
            description = "Describe a factor (typically one registered from stations' data); it then counts as"
                    + " catalogued.")
    static final class SetMetric extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CODE", description = "The factor code as stations send it.")
        String code;

        @Option(names = "--name", description = "English name.")
        String name;

        @Option(names = "--name-zh", description = "Chinese name.")
        String nameZh;

        @Option(names = "--unit", description = "Unit, e.g. mg/L, ug/m3, dB(A); \"\" for none.")
        String unit;

        @Option(names = "--decimals", description = "Evaluation and display decimals, 0 to 6.")
        Integer decimals;

        @Option(
                names = "--category",
                description = "water, air, flue_gas, meteorological, particulate, noise, voc, radioactivity,"
                        + " biological or other.")
        String category;

        @Override
        public Integer call() throws SQLException {
            if (name == null && nameZh == null && unit == null && decimals == null && category == null) {
                throw new InvalidInput(
                        "nothing to set: give at least one of --name, --name-zh, --unit, --decimals, --category");
            }
            if (decimals != null && (decimals < 0 || decimals > 6)) {
                throw new InvalidInput("--decimals must be between 0 and 6, got " + decimals);
            }
            if (category != null && !CATEGORIES.contains(category)) {
                throw new InvalidInput("--category must be one of " + CATEGORIES + ", got " + category);
            }
            MetricRepository.Description description =
                    new MetricRepository.Description(name, nameZh, unit, decimals, category);
            boolean found = withRepository(loadConfig(config), repository -> repository.describe(code, description));
            if (!found) {
                throw new InvalidInput("no factor with code '" + code + "' (envmon metrics list shows the catalogue)");
            }
            spec.commandLine()
                    .getOut()
                    .println("Described factor " + code + "; a running service shows the new name after its restart");
            return 0;
        }
    }
}
