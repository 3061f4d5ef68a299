package org.envmon.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private static final int FAST = 1_000;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matches_sameSecret_true() {
        String stored = PasswordHash.hash("s3cret-ü", FAST);
        assertThat(PasswordHash.matches(stored, utf8("s3cret-ü"))).isTrue();
    }

    @Test
    void matches_otherSecret_false() {
        String stored = PasswordHash.hash("s3cret", FAST);
        assertThat(PasswordHash.matches(stored, utf8("s3cret "))).isFalse();
        assertThat(PasswordHash.matches(stored, new byte[0])).isFalse();
    }

    @Test
    void hash_sameSecretTwice_differentSaltsAndNoPlainText() {
        String first = PasswordHash.hash("same-secret", FAST);
        String second = PasswordHash.hash("same-secret", FAST);
        assertThat(first).isNotEqualTo(second).doesNotContain("same-secret").startsWith("pbkdf2-sha256$" + FAST + "$");
        assertThat(first.split("\\$")).hasSize(4);
    }

    @Test
    void matches_storedValueNotOfTheScheme_false() {
        assertThat(PasswordHash.matches("secret", utf8("secret"))).isFalse();
        assertThat(PasswordHash.matches("md5$1$AA$AA", utf8("x"))).isFalse();
        assertThat(PasswordHash.matches("pbkdf2-sha256$0$AAAA$AAAA", utf8("x"))).isFalse();
        assertThat(PasswordHash.matches("pbkdf2-sha256$x$AAAA$AAAA", utf8("x"))).isFalse();
        assertThat(PasswordHash.matches("pbkdf2-sha256$10$!!$AAAA", utf8("x"))).isFalse();
    }

    @Test
    void newSecret_twice_longDistinctAndShellSafe() {
        String secret = PasswordHash.newSecret();
        assertThat(secret).hasSize(32).matches("[A-Za-z0-9_-]+").isNotEqualTo(PasswordHash.newSecret());
    }
}
