package org.envmon.ingest.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"liwei", "Li.Wei", "王芳", "duty-operator_2", "ops@bureau"})
    void problem_lettersDigitsAndPunctuationOfLogins_none(String name) {
        assertThat(UserName.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"li wei", "li,wei", "li\twei", "li/wei", "li'wei"})
    void problem_spaceCommaOrOtherSign_namesTheCharacter(String name) {
        assertThat(UserName.problem(name))
                .hasValueSatisfying(problem -> assertThat(problem).contains("letters, digits and . _ @ - only"));
    }

    @Test
    void problem_length_oneTo64CharactersCountedAsCodePoints() {
        assertThat(UserName.problem("")).isPresent();
        assertThat(UserName.problem("a".repeat(64))).isEmpty();
        assertThat(UserName.problem("a".repeat(65)))
                .hasValueSatisfying(p -> assertThat(p).contains("1 to 64"));
        assertThat(UserName.problem("𠀀".repeat(64)))
                .as("64 characters outside the BMP")
                .isEmpty();
    }

    @Test
    void key_caseAndUnicodeCompositionIgnored() {
        assertThat(UserName.key("Li.Wei")).isEqualTo(UserName.key("li.wei"));
        assertThat(UserName.key("Ärger")).isEqualTo(UserName.key("ärger"));
        assertThat(UserName.key("Jose\u0301")).as("é written as e + accent").isEqualTo(UserName.key("jos\u00e9"));
        assertThat(UserName.key("王芳")).isEqualTo("王芳");
    }
}
