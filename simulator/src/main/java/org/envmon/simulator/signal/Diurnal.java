package org.envmon.simulator.signal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Daily cycles in the stations' local time. */
final class Diurnal {
    private Diurnal() {}

    static double hourOfDay(Instant time, ZoneId zone) {
        ZonedDateTime local = time.atZone(zone);
        return local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
    }

    /** A cosine between -1 and 1 that peaks at {@code peakHour}. */
    static double cycle(double hourOfDay, double peakHour) {
        return Math.cos(2 * Math.PI * (hourOfDay - peakHour) / 24);
    }
}
