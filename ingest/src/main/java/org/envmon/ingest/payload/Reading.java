package org.envmon.ingest.payload;

import java.time.Instant;

/**
 * One value of one factor at the station's own time, with its HJ 212 data flag. {@code newFactor} is
 * the code as the station sent it when the catalogue did not know it yet (metric id 0 until the writer
 * registers it), null otherwise.
 */
public record Reading(Instant time, short metricId, double value, char flag, String newFactor) {

    public Reading(Instant time, short metricId, double value, char flag) {
        this(time, metricId, value, flag, null);
    }

    /** A value of a factor code the catalogue does not know yet, to be registered when it is written. */
    public static Reading ofNewFactor(Instant time, String code, double value, char flag) {
        return new Reading(time, (short) 0, value, flag, code);
    }

    public boolean isOfNewFactor() {
        return newFactor != null;
    }

    /** The same value under the metric its new factor was registered as. */
    public Reading withMetric(short id) {
        return new Reading(time, id, value, flag, null);
    }
}
