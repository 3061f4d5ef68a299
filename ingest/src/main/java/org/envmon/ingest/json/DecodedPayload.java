package org.envmon.ingest.json;

import java.util.List;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;

/** What a payload decoder made of one message: the readings to store and the parts to quarantine. */
public record DecodedPayload(List<Reading> readings, List<Problem> problems) {
    public DecodedPayload {
        readings = List.copyOf(readings);
        problems = List.copyOf(problems);
    }

    public static DecodedPayload rejected(RejectReason reason, String detail, byte[] raw) {
        return new DecodedPayload(List.of(), List.of(new Problem(reason, detail, raw)));
    }
}
