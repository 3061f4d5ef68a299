package org.envmon.ingest.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.envmon.ingest.security.PasswordHash;
import org.envmon.ingest.security.SecretIssuer;
import org.junit.jupiter.api.Test;

class UserPasswordTest {
    @Test
    void generatedPasswords_twentyCharactersWithoutLookAlikes_andDifferent() {
        String first = UserPassword.generate();
        assertThat(first).hasSize(20).doesNotContainPattern("[0O1lI]");
        assertThat(UserPassword.generate()).isNotEqualTo(first);
    }

    @Test
    void issued_hashMatchesThePasswordAtTheStoredIterations() {
        SecretIssuer.Issued issued = UserPassword.issue();

        assertThat(PasswordHash.matches(issued.hash(), issued.secret().getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(issued.hash()).startsWith("pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS + "$");
    }
}
