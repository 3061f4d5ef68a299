package org.envmon.alerting.input;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stations staff have in maintenance. Their alerts are still evaluated and recorded (the
 * console shows them), but nobody is notified: a technician cleaning a probe sets off every rule of
 * the station. Refreshed from the database with the rules file; read on the evaluation thread.
 */
public final class Maintenance {
    private volatile Set<Integer> stations = Set.of();
    private final AtomicLong muted = new AtomicLong();

    public void refresh(Set<Integer> inMaintenance) {
        stations = Set.copyOf(inMaintenance);
    }

    /** The notifiers of a change at {@code stationId}: none while it is in maintenance. */
    public List<String> notifiers(int stationId, List<String> routed) {
        if (routed.isEmpty() || !stations.contains(stationId)) {
            return routed;
        }
        muted.incrementAndGet();
        return List.of();
    }

    /** Alert changes not notified because their station was in maintenance. */
    public long muted() {
        return muted.get();
    }
}
