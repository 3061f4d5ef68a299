package org.envmon.ingest.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserPasswordTest {
    @Test
    void generatedPasswords_twentyCharactersWithoutLookAlikes_andDifferent() {
        String first = UserPassword.generate();
        assertThat(first).hasSize(20).doesNotContainPattern("[0O1lI]");
        assertThat(UserPassword.generate()).isNotEqualTo(first);
    }
}
