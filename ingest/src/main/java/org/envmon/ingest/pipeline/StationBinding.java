package org.envmon.ingest.pipeline;

import org.envmon.ingest.payload.Rejection;
import java.util.List;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.StationAggregate;

/**
 * Decodes a message again once its station is known. Some checks depend on the station's settings
 * (HJ 212 password and CRC mode, the zone of its clock); when the event loop had not seen the
 * station yet, the writer resolves it and calls this before storing anything.
 */
@FunctionalInterface
public interface StationBinding {

    /** What the message amounts to for that station. */
    record Content(List<Reading> readings, List<StationAggregate> aggregates, List<Rejection> rejections) {
        public Content {
            readings = List.copyOf(readings);
            aggregates = List.copyOf(aggregates);
            rejections = List.copyOf(rejections);
        }
    }

    Content bind(StationProfile profile);
}
