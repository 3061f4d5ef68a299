package org.envmon.ingest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.security.SecretIssuer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "passwd",
        description = {
            "Set or rotate stations' MQTT passwords (user name = the code). "
                    + "Prints each new secret once; only its salted hash is stored. A new secret works at once; the old one "
                    + "stops working within stations.refreshInterval.",
            "All or nothing: when a code has no station, no password is changed."
        })
final class PasswdCommand extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
    static final String CSV_HEADER = "code,password";

    @Mixin
    EnvmonCli.ConfigOption config;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "CODE", description = "Stations to set a new secret for.")
    List<String> codes = new ArrayList<>();

    @Option(names = "--all", description = "Every active station that has no MQTT password yet.")
    boolean all;

    @Option(names = "--rotate", description = "With --all: every active station, replacing existing passwords.")
    boolean rotate;

    @Option(
            names = "--csv",
            description = "Print '" + CSV_HEADER + "' lines (for the simulator's --credentials "
                    + "and for provisioning); the file holds secrets, keep it private.")
    boolean csv;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write the '" + CSV_HEADER + "' lines to FILE,"
                    + " a new file only its owner may read (refused if FILE exists), instead of printing them.")
    Path output;

    private final SecretIssuer issuer;

    PasswdCommand() {
        this(SecretIssuer.perCore());
    }

    PasswdCommand(SecretIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public Integer call() throws Exception {
        if (all == !codes.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give station codes or --all, not both");
        }
        if (rotate && !all) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--rotate goes with --all (named stations always get a new secret)");
        }
        EnvmonConfig cfg = loadConfig(config);
        // Created before any password changes, so that secrets are never set with nowhere to put them.
        Optional<SecretFile> file = output == null ? Optional.empty() : Optional.of(SecretFile.create(output));
        List<String> targets = List.copyOf(new LinkedHashSet<>(codes));
        Optional<Map<String, SecretIssuer.Issued>> issued;
        try {
            issued = issue(cfg, targets);
        } catch (SQLException | RuntimeException e) {
            file.ifPresent(SecretFile::discard);
            throw e;
        }
        if (issued.isEmpty()) {
            file.ifPresent(SecretFile::discard);
            return EnvmonCli.EXIT_FAILURE;
        }
        if (file.isPresent()) {
            file.get().write(csvLines(issued.get()));
            spec.commandLine()
                    .getErr()
                    .println("envmon: set the MQTT password of " + issued.get().size()
                            + " station(s); their secrets are in " + output + " (readable by its owner only)");
            return 0;
        }
        print(issued.get());
        return 0;
    }

    private Optional<Map<String, SecretIssuer.Issued>> issue(EnvmonConfig cfg, List<String> targets)
            throws SQLException {
        return StationsCommand.withRepository(cfg, repository -> {
            List<String> chosen = all ? repository.activeCodes(!rotate) : targets;
            List<String> unknown = all ? List.of() : repository.unknownCodes(chosen);
            if (!unknown.isEmpty()) {
                return refuse(unknown);
            }
            Map<String, SecretIssuer.Issued> secrets = issueAll(chosen);
            Map<String, String> hashes = new LinkedHashMap<>();
            secrets.forEach((code, secret) -> hashes.put(code, secret.hash()));
            // a station deleted between the look-up and the update is refused the same way
            List<String> vanished = repository.setMqttPasswordHashes(hashes);
            return vanished.isEmpty() ? Optional.of(secrets) : refuse(vanished);
        });
    }

    private static List<String> csvLines(Map<String, SecretIssuer.Issued> issued) {
        List<String> lines = new ArrayList<>();
        lines.add(CSV_HEADER);
        issued.forEach((code, secret) -> lines.add(code + "," + secret.secret()));
        return lines;
    }

    private Map<String, SecretIssuer.Issued> issueAll(List<String> chosen) {
        try {
            return issuer.issue(chosen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing the new secrets", e);
        }
    }

    private Optional<Map<String, SecretIssuer.Issued>> refuse(List<String> unknown) {
        String named = unknown.stream().map(code -> "'" + code + "'").collect(Collectors.joining(", "));
        spec.commandLine()
                .getErr()
                .println("envmon: no station with code " + named + "; no password was changed"
                        + " (add a station first: envmon stations add --code " + unknown.get(0) + ")");
        return Optional.empty();
    }

    private void print(Map<String, SecretIssuer.Issued> issued) {
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            csvLines(issued).forEach(out::println);
            spec.commandLine().getErr().println("envmon: set the MQTT password of " + issued.size() + " station(s)");
        } else if (issued.isEmpty()) {
            out.println("No active station without an MQTT password (--all --rotate replaces existing ones)");
        } else if (issued.size() == 1 && !all) {
            Map.Entry<String, SecretIssuer.Issued> only =
                    issued.entrySet().iterator().next();
            out.println("MQTT password of station " + only.getKey()
                    + " (shown only now; any previous one no longer works):");
            out.println(only.getValue().secret());
        } else {
            out.println("MQTT passwords of " + issued.size()
                    + " station(s) (shown only now; any previous ones no longer work):");
            int width = issued.keySet().stream().mapToInt(String::length).max().orElse(0);
            issued.forEach((code, secret) -> out.printf(Locale.ROOT, "%-" + width + "s  %s%n", code, secret.secret()));
        }
    }
}
