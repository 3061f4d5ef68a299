package org.envmon.alerting.rule;

import java.util.Locale;

/** How urgent an alert is; routes select notifiers by it. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
