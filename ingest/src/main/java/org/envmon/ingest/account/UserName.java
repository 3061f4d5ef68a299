package org.envmon.ingest.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule for console user names: 1 to 64 letters (any script, so 李伟 is a name), digits and
 * {@code . _ @ -}. No spaces or commas, so a name is one word on a command line and one field in
 * CSV.
 */
public final class UserName {
    public static final int MAX_LENGTH = 64;

    private UserName() {}

    /** Why {@code name} cannot be a user name, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return Optional.of(
                    "a user name has 1 to " + MAX_LENGTH + " characters; got " + name.codePointCount(0, name.length()));
        }
        int bad = name.codePoints()
                .filter(c -> !Character.isLetterOrDigit(c) && ".-_@".indexOf(c) < 0)
                .findFirst()
                .orElse(-1);
        if (bad >= 0) {
            return Optional.of("a user name has letters, digits and . _ @ - only; '" + name + "' has '"
                    + new String(Character.toChars(bad)) + "'");
        }
        return Optional.empty();
    }

    /**
     * The form names are compared in: Unicode NFC, then lower case by Java's rules (the same on every
     * machine and in every database locale). {@code LiWei} and {@code liwei} are one user.
     */
    public static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
