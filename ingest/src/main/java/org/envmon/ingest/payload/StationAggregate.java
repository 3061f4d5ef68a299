package org.envmon.ingest.payload;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A statistic the station computed itself over an interval (HJ 212 CN 2051/2061/2031, or Avg/Min/Max/Cou
 * that a logger sends with its real-time data, CN 2011), keyed by the interval's start (for real-time
 * data: its DataTime). Absent statistics are empty. {@code newFactor} is the code as sent when the
 * catalogue did not know it yet (metric id 0 until the writer registers it), null otherwise.
 */
public record StationAggregate(
        Instant intervalStart,
        short metricId,
        Period period,
        OptionalDouble avg,
        OptionalDouble min,
        OptionalDouble max,
        OptionalDouble cou,
        char flag,
        String newFactor) {

    public StationAggregate(
            Instant intervalStart,
            short metricId,
            Period period,
            OptionalDouble avg,
            OptionalDouble min,
            OptionalDouble max,
            OptionalDouble cou,
            char flag) {
        this(intervalStart, metricId, period, avg, min, max, cou, flag, null);
    }

    public boolean isOfNewFactor() {
        return newFactor != null;
    }

    /** The same statistics under the metric its new factor was registered as. */
    public StationAggregate withMetric(short id) {
        return new StationAggregate(intervalStart, id, period, avg, min, max, cou, flag, null);
    }

    /** The kind of interval, with its length where the standard fixes it. */
    public enum Period {
        MINUTE("minute", 0),
        HOUR("hour", 3600),
        DAY("day", 86_400),
        // Last: spool records store the ordinal.
        REAL_TIME("realtime", 0);

        private final String label;
        private final int seconds;

        Period(String label, int seconds) {
            this.label = label;
            this.seconds = seconds;
        }

        public String label() {
            return label;
        }

        public int seconds() {
            return seconds;
        }
    }
}
