package org.envmon.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecretIssuerTest {
    private static final int FAST = 1_000;
    private static final List<String> CODES =
            IntStream.range(0, 12).mapToObj(i -> "S" + (12 - i)).toList();

    @Test
    void issue_onSeveralThreads_eachCodeInOrderWithItsOwnSecretAndMatchingHash() throws InterruptedException {
        assertIssued(new SecretIssuer(3, FAST).issue(CODES));
    }

    @Test
    void issue_onOneThread_sameResult() throws InterruptedException {
        assertIssued(new SecretIssuer(1, FAST).issue(CODES));
    }

    private static void assertIssued(Map<String, SecretIssuer.Issued> issued) {
        assertThat(issued.keySet()).containsExactlyElementsOf(CODES);
        assertThat(issued.values().stream().map(SecretIssuer.Issued::secret).distinct())
                .hasSize(CODES.size());
        issued.values().forEach(one -> {
            assertThat(one.hash()).startsWith("pbkdf2-sha256$" + FAST + "$").doesNotContain(one.secret());
            assertThat(PasswordHash.matches(one.hash(), one.secret().getBytes(StandardCharsets.UTF_8)))
                    .isTrue();
        });
    }
}
