package org.envmon.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference docs and the example file cover every key, and the example loads as it stands. */
class ConfigDocumentationTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void configurationDoc_listsEveryKeyWithItsVariable() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(doc).as(key.path()).contains("| `" + key.path() + "` | `" + key.env() + "` |");
        }
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
