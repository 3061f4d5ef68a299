package org.envmon.ingest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.store.StationRecord;
import org.envmon.ingest.store.StationRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "stations",
        description = "Manage the station table.",
        subcommands = {
            StationsCommand.Add.class,
            StationsCommand.Import.class,
            StationsCommand.ListStations.class,
            PasswdCommand.class
        })
final class StationsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static <T> T withRepository(EnvmonConfig config, RepositoryAction<T> action) throws SQLException {
        return CommandDatabase.with(config, dataSource -> action.apply(new StationRepository(dataSource)));
    }

    interface RepositoryAction<T> {
        T apply(StationRepository repository) throws SQLException;
    }

    @Command(name = "add", description = "Add a station, or update the one with the same code.")
    static final class Add extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Option(names = "--code", required = true, description = "Station code (HJ 212 MN or the id in its topic).")
        String code;

        @Option(names = "--name", description = "Display name (default: the code).")
        String name;

        @Option(names = "--kind", description = "river_section | dust_site | outfall | air | unknown.")
        String kind;

        @Option(names = "--river")
        String river;

        @Option(names = "--township")
        String township;

        @Option(names = "--lat")
        String lat;

        @Option(names = "--lon")
        String lon;

        @Option(names = "--target-class", description = "GB 3838 target class I–V (river sections).")
        String targetClass;

        @Option(names = "--timezone", description = "Zone of the station's clock (default: ingest.defaultTimezone).")
        String timezone;

        @Option(names = "--hj212-password", description = "PW the station sends in HJ 212 packets (checked when set).")
        String hj212Password;

        @Option(names = "--crc-mode", description = "HJ 212 checksum: standard (default), modbus or off.")
        String crcMode;

        @Override
        public Integer call() throws SQLException {
            EnvmonConfig cfg = loadConfig(config);
            StationRecord station = StationInput.parse(
                    code,
                    name,
                    kind,
                    river,
                    township,
                    lat,
                    lon,
                    targetClass,
                    timezone,
                    cfg.ingest().defaultTimezone().getId(),
                    hj212Password,
                    crcMode);
            int created = withRepository(cfg, repository -> repository.upsert(List.of(station)));
            spec.commandLine().getOut().println((created == 1 ? "Added" : "Updated") + " station " + station.code());
            return 0;
        }
    }

    @Command(
            name = "import",
            description = "Add or update stations from a CSV file with the header "
                    + "code,name,kind,river,township,lat,lon,target_class,timezone.")
    static final class Import extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.csv")
        Path file;

        @Override
        public Integer call() throws Exception {
            EnvmonConfig cfg = loadConfig(config);
            List<StationRecord> stations =
                    StationCsv.read(file, cfg.ingest().defaultTimezone().getId());
            int created = withRepository(cfg, repository -> repository.upsert(stations));
            spec.commandLine()
                    .getOut()
                    .println("Imported " + stations.size() + " station(s): " + created + " added, "
                            + (stations.size() - created) + " updated");
            return 0;
        }
    }

    @Command(name = "list", description = "List stations.")
    static final class ListStations extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        private static final String ROW = "%-26s %-24s %-14s %-12s %-5s %-16s %-6s %-7s %s%n";

        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws SQLException {
            List<StationRepository.Listing> stations = withRepository(loadConfig(config), StationRepository::list);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    Locale.ROOT,
                    ROW,
                    "CODE",
                    "NAME",
                    "KIND",
                    "RIVER",
                    "CLASS",
                    "TIMEZONE",
                    "ACTIVE",
                    "MQTT-PW",
                    "HJ212-PW");
            for (StationRepository.Listing listing : stations) {
                StationRecord s = listing.station();
                out.printf(
                        Locale.ROOT,
                        ROW,
                        s.code(),
                        s.name(),
                        s.kind(),
                        s.river() == null ? "" : s.river(),
                        s.targetClass() == null ? "" : roman(s.targetClass()),
                        s.timezone(),
                        yesNo(s.active()),
                        yesNo(listing.mqttPassword()),
                        yesNo(s.hj212Password() != null));
            }
            out.println(stations.size() + " station(s)");
            return 0;
        }

        private static String yesNo(boolean value) {
            return value ? "yes" : "no";
        }

        private static String roman(int waterClass) {
            return switch (waterClass) {
                case 1 -> "I";
                case 2 -> "II";
                case 3 -> "III";
                case 4 -> "IV";
                default -> "V";
            };
        }
    }
}
