package org.envmon.simulator.episode;

import java.time.Instant;
import java.util.Objects;

/** A fault over [start, end); {@code factorIndex} picks the affected factor of single-sensor faults. */
public record Fault(FaultKind kind, Instant start, Instant end, int factorIndex) {
    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a fault must end after it starts");
        }
        if (factorIndex < 0) {
            throw new IllegalArgumentException("factor index must not be negative");
        }
    }

    public boolean activeAt(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }
}
