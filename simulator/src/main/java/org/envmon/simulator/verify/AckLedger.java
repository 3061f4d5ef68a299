package org.envmon.simulator.verify;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.envmon.simulator.signal.Factor;
import org.envmon.simulator.signal.Observation;

/**
 * Every reading the platform acknowledged: per station code, per measurement time, the factor codes
 * (HJ 212-2017, as the database stores them). Thread-safe; the verifier reads it after the run.
 */
public final class AckLedger {
    private final Map<String, Map<Long, String[]>> readings = new HashMap<>();
    private long count;
    private long minMillis = Long.MAX_VALUE;
    private long maxMillis = Long.MIN_VALUE;

    public synchronized void acked(String stationCode, List<Observation> observations) {
        Map<Long, String[]> station = readings.computeIfAbsent(stationCode, code -> new HashMap<>());
        for (Observation observation : observations) {
            long millis = observation.time().toEpochMilli();
            String[] codes =
                    observation.values().keySet().stream().map(Factor::code).toArray(String[]::new);
            String[] previous = station.put(millis, codes);
            count += codes.length - (previous == null ? 0 : previous.length);
            minMillis = Math.min(minMillis, millis);
            maxMillis = Math.max(maxMillis, millis);
        }
    }

    public synchronized long readings() {
        return count;
    }

    synchronized Map<String, Map<Long, String[]>> snapshot() {
        Map<String, Map<Long, String[]>> copy = new HashMap<>();
        readings.forEach((station, times) -> copy.put(station, new HashMap<>(times)));
        return copy;
    }

    synchronized Instant earliest() {
        return Instant.ofEpochMilli(minMillis);
    }

    synchronized Instant latest() {
        return Instant.ofEpochMilli(maxMillis);
    }
}
