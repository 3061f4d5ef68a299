package org.envmon.alerting.eval;

import java.time.Instant;
import java.util.Locale;

/**
 * One state change of a series, to be stored as an alert event; {@code announce} says whether it is
 * announced (firing, resolved after firing, flapping start and end) or only recorded.
 */
public record Change(Kind kind, Instant at, double value, String detail, boolean announce) {

    public enum Kind {
        PENDING,
        FIRING,
        RESOLVED,
        ALLOWED,
        FLAPPING,
        FLAPPING_ENDED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
