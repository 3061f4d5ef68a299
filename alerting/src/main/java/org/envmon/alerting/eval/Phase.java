package org.envmon.alerting.eval;

import java.util.Locale;

/** Where a series stands: no episode, an episode waiting for its hold time or allowance, or firing. */
public enum Phase {
    NORMAL,
    PENDING,
    FIRING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
