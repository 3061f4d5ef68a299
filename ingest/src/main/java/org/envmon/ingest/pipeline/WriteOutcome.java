package org.envmon.ingest.pipeline;

import java.util.List;
import java.util.Optional;
import org.envmon.ingest.payload.RejectReason;

/**
 * The durable result of one request, reported after its transaction committed — or the failure that
 * prevented it, in which case nothing of the request may be acknowledged.
 *
 * @param accepted readings handed to the database (inserted, or absorbed as already stored)
 * @param rejected reasons of the quarantine rows written for this request
 */
public record WriteOutcome(boolean committed, int accepted, List<RejectReason> rejected, Throwable failure) {

    public static WriteOutcome committed(int accepted, List<RejectReason> rejected) {
        return new WriteOutcome(true, accepted, List.copyOf(rejected), null);
    }

    public static WriteOutcome failed(Throwable failure) {
        return new WriteOutcome(false, 0, List.of(), failure);
    }

    /** The reason when the request was quarantined as a whole (nothing of it is stored as readings). */
    public Optional<RejectReason> wholeMessageRejection() {
        return committed && accepted == 0 && !rejected.isEmpty() ? Optional.of(rejected.get(0)) : Optional.empty();
    }
}
