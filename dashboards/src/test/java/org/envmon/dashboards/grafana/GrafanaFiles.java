package org.envmon.dashboards.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The provisioning files of the module (src/main/grafana), read as JSON trees. */
public final class GrafanaFiles {
    /** Tests run with the module directory as working directory (Maven's default). */
    public static final Path ROOT = Path.of("src", "main", "grafana");

    public static final Path DASHBOARDS = ROOT.resolve("dashboards");
    public static final Path DATASOURCES = ROOT.resolve("provisioning").resolve("datasources");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private GrafanaFiles() {}

    public static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    public static List<JsonNode> dashboards() {
        return dashboardFiles().stream().map(GrafanaFiles::readJson).toList();
    }

    /** Every datasource the provisioning defines. */
    public static List<JsonNode> datasources() {
        try (Stream<Path> files = Files.list(DATASOURCES)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .flatMap(p -> Stream.of(readYaml(p).path("datasources")))
                    .flatMap(list -> java.util.stream.StreamSupport.stream(list.spliterator(), false))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
