package org.envmon.ingest.account;

import java.security.SecureRandom;
import org.envmon.ingest.security.PasswordHash;
import org.envmon.ingest.security.SecretIssuer;

/**
 * Generated console passwords: people type them, so 20 characters from an alphabet without the
 * look-alikes 0/O, 1/l/I (about 114 bits).
 */
public final class UserPassword {
    static final int LENGTH = 20;
    static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private UserPassword() {}

    /** A new password with the hash to store, as station secrets are stored. */
    public static SecretIssuer.Issued issue() {
        String password = generate();
        return new SecretIssuer.Issued(password, PasswordHash.hash(password, PasswordHash.DEFAULT_ITERATIONS));
    }

    public static String generate() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
