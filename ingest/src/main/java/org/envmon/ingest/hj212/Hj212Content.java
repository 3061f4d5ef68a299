package org.envmon.ingest.hj212;

import java.util.List;
import java.util.Set;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.StationAggregate;

/** What one frame amounts to: accepted (with what to store and what to quarantine) or refused as a whole. */
public sealed interface Hj212Content {

    /**
     * A frame from a station that may send: its packet, readings, aggregates and partial problems, and the
     * quirks of its content that were tolerated.
     */
    record Accepted(
            Hj212Packet packet,
            List<Reading> readings,
            List<StationAggregate> aggregates,
            List<Problem> problems,
            Set<Hj212Quirk> quirks)
            implements Hj212Content {
        public Accepted {
            readings = List.copyOf(readings);
            aggregates = List.copyOf(aggregates);
            problems = List.copyOf(problems);
            quirks = Set.copyOf(quirks);
        }
    }

    /** A frame that is quarantined as a whole; {@code stationCode} is the MN when it could be read. */
    record Refused(RejectReason reason, String detail, String stationCode) implements Hj212Content {}
}
