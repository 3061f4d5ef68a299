package org.envmon.ingest.account;

import java.util.Locale;

/** What a console user may do: viewers read; operators also act on alerts and stations; admins also manage users. */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a stored label. */
    public static Role of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
