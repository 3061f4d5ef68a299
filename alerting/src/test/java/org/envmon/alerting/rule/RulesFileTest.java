package org.envmon.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
    private static final String ONE_RULE = "rules:\n  - {id: r1, metric: w21003, condition: {above: 1.5}}\n";
    private static final String TWO_RULES = ONE_RULE + "  - {id: r2, metric: w21003, condition: {above: 2.5}}\n";
    private static final Instant T0 = Instant.parse("2024-06-01T02:00:00Z");

    @TempDir
    Path dir;

    private Path write(String yaml, int secondsAfterT0) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(secondsAfterT0)));
        return file;
    }

    private static RulesFile rulesFile(Path file) {
        return new RulesFile(file, new RulesFileParser(Map.<String, String>of()::get));
    }

    @Test
    void reloadIfChanged_sameModificationTime_doesNotParseAgain() throws IOException {
        RulesFile rules = rulesFile(write(ONE_RULE, 0));
        assertThat(rules.load().rules()).hasSize(1);

        write(TWO_RULES, 0);

        assertThat(rules.reloadIfChanged()).isEmpty();
    }

    @Test
    void reloadIfChanged_newModificationTime_returnsTheNewRules() throws IOException {
        RulesFile rules = rulesFile(write(ONE_RULE, 0));
        rules.load();

        write(TWO_RULES, 1);

        assertThat(rules.reloadIfChanged())
                .hasValueSatisfying(set -> assertThat(set.rules()).hasSize(2));
    }

    @Test
    void reloadIfChanged_invalidFile_throwsOnceAndIsNotReparsedUntilItChangesAgain() throws IOException {
        RulesFile rules = rulesFile(write(ONE_RULE, 0));
        rules.load();

        write("rules: [", 1);

        assertThatThrownBy(rules::reloadIfChanged).isInstanceOf(RuleException.class);
        assertThat(rules.reloadIfChanged()).isEmpty();
    }

    @Test
    void load_missingFile_throwsRuleException() {
        assertThatThrownBy(() -> rulesFile(dir.resolve("absent.yaml")).load())
                .isInstanceOf(RuleException.class)
                .hasMessageStartingWith("Cannot read rules file");
    }
}
