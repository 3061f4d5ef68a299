package org.envmon.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference docs are the declarations of {@link ConfigKeys}, row for row, and the example file
 * covers every key and loads as it stands. After changing a key, rewrite the table with
 * {@code mvn -pl ingest test -Dtest=ConfigDocumentationTest -Denvmon.updateDocs=true}.
 */
class ConfigDocumentationTest {
    private static final Path ROOT = Path.of("..");
    private static final Path DOC = ROOT.resolve("docs/configuration.md");
    private static final String HEADER = "| key | environment variable | default | type | meaning |";

    static String row(ConfigKey key) {
        String value = key.defaultValue() == null
                ? "(unset)"
                : key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
        return "| `" + key.path() + "` | `" + key.env() + "` | " + value + " | " + key.typeLabel() + " | "
                + key.description().replace("|", "\\|") + " |";
    }

    @Test
    void configurationDoc_tableIsTheDeclarationsOfEveryKey() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int header = lines.indexOf(HEADER);
        assertThat(header).as("the table header in " + DOC).isNotNegative();
        int end = header + 2;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        List<String> expected =
                ConfigKeys.ALL.stream().map(ConfigDocumentationTest::row).toList();
        if (Boolean.getBoolean("envmon.updateDocs")) {
            List<String> updated = new ArrayList<>(lines.subList(0, header + 2));
            updated.addAll(expected);
            updated.addAll(lines.subList(end, lines.size()));
            Files.write(DOC, updated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(lines.subList(header + 2, end))
                .as("rows of " + DOC + " (rewrite them with" + " -Denvmon.updateDocs=true)")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void exampleFile_loadsAndMentionsEveryVariable() throws IOException {
        Path example = ROOT.resolve("envmon.example.yaml");
        EnvmonConfig loaded = EnvmonConfig.load(example, Map.of());
        assertThat(loaded).isEqualTo(EnvmonConfig.load(null, Map.of()));
        String text = Files.readString(example);
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(text).as(key.path()).contains(key.env());
        }
    }
}
