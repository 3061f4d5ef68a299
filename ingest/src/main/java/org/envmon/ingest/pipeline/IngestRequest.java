package org.envmon.ingest.pipeline;

import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Rejection;
import java.util.List;
import java.util.function.Consumer;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.StationAggregate;

/**
 * One decoded message on its way to the database.
 *
 * @param stationCode      the station named by the topic (null when the message is rejected before that)
 * @param readings         values to store for that station
 * @param rejections       parts already quarantined by the decoder
 * @param raw              the payload, cut to the quarantine limit, kept so that the whole message can be
 *                         quarantined if the station turns out to be unknown or the database refuses it
 * @param rawSize          the payload's original length
 * @param onDone           called once with the outcome, on the writer thread
 * @param aggregates       station-reported interval statistics (HJ 212 minute/hour/day data)
 * @param binding          decodes the message again when the writer, not the event loop, first meets its
 *                         station; null when the decoding does not depend on the station's settings
 */
public record IngestRequest(MessageOrigin origin, String stationCode, List<Reading> readings,
                            List<Rejection> rejections, byte[] raw, int rawSize,
                            Consumer<WriteOutcome> onDone, List<StationAggregate> aggregates,
                            StationBinding binding) {

    /** Estimated heap held per reading (record, boxed list slot, Instant). */
    static final int BYTES_PER_READING = 96;
    private static final int BYTES_PER_REQUEST = 256;

    public IngestRequest {
        readings = List.copyOf(readings);
        rejections = List.copyOf(rejections);
        aggregates = List.copyOf(aggregates);
    }

    /** A request with readings and no station aggregates. */
    public IngestRequest(MessageOrigin origin, String stationCode, List<Reading> readings, List<Rejection> rejections,
                         byte[] raw, int rawSize, Consumer<WriteOutcome> onDone) {
        this(origin, stationCode, readings, rejections, raw, rawSize, onDone, List.of(), null);
    }

    /** Readings and aggregates: the values this request stores for its station. */
    public int valueCount() {
        return readings.size() + aggregates.size();
    }

    /** The request's estimated heap footprint, which the ingest queue bounds. */
    public long weight() {
        long bytes = BYTES_PER_REQUEST + (long) valueCount() * BYTES_PER_READING;
        for (Rejection rejection : rejections) {
            bytes += rejection.raw().length + rejection.detail().length() * 2L;
        }
        bytes += raw.length;
        return bytes;
    }
}
