package org.envmon.simulator.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.load.PayloadFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "catalog", description = "Print the stations of a run as the CSV that 'envmon stations import' reads.")
final class CatalogCommand implements Callable<Integer> {
    @Option(names = "--catalog", paramLabel = "FILE", description = "Station catalogue CSV (default: the shipped one).")
    Path catalog;

    @Option(names = "--stations", description = "Number of stations (past the catalogue: derived copies).")
    Integer stations;

    @Option(names = "--format", defaultValue = "json", description = "json or hj212 (hj212: the MN is the code).")
    String format;

    @Option(
            names = "--dialect-2005",
            defaultValue = "0",
            paramLabel = "SHARE",
            description =
                    "Share of HJ 212 stations speaking the 2005 dialect, as in the run (default ${DEFAULT-VALUE}).")
    double dialect2005;

    @Option(names = "--hj212-password", defaultValue = "123456", description = "PW the stations send.")
    String password;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Catalog source = catalog == null ? Catalog.defaults() : Catalog.load(catalog);
        List<Station> list = source.take(stations == null ? source.stations().size() : stations);
        boolean hj212 = Options.format(format) == PayloadFormat.HJ212;
        spec.commandLine().getOut().print(Catalog.ingestCsv(list, hj212, dialect2005, password));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
