package org.envmon.simulator.signal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample of a station: its measurement time, values in a stable factor order, and the HJ 212 data
 * flag of each value (N normal, M maintenance, C calibration, D fault, T over range).
 */
public record Observation(Instant time, Map<Factor, Double> values, Map<Factor, Character> flags) {
    public Observation {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
        if (!values.keySet().containsAll(flags.keySet())) {
            throw new IllegalArgumentException("a flag for a factor without value");
        }
    }

    public char flag(Factor factor) {
        return flags.getOrDefault(factor, 'N');
    }
}
