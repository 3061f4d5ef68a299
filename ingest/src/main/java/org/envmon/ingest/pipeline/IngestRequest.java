package org.envmon.ingest.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.payload.StationRef;

/**
 * One decoded message on its way to the database: values only. The payload was decoded at the edge,
 * with its station's settings, so the writer stores what is here; its one task beyond that is to
 * resolve a station the edge could not look up while the database was away.
 *
 * @param station    the station the values belong to (pending when the edge could not look it up); null when
 *                   the message stores none
 * @param readings   values to store for that station
 * @param aggregates station-reported interval statistics (HJ 212 minute/hour/day data)
 * @param rejections what is quarantined: parts of the message, or all of it
 * @param raw        the payload, cut to the quarantine limit, kept while it has values to store, so the whole
 *                   message can be quarantined if the database refuses it
 * @param rawSize    the payload's original length
 * @param onDone     called once with the outcome, on the writer thread
 */
public record IngestRequest(
        MessageOrigin origin,
        StationRef station,
        List<Reading> readings,
        List<StationAggregate> aggregates,
        List<Rejection> rejections,
        byte[] raw,
        int rawSize,
        Consumer<WriteOutcome> onDone) {

    /** Estimated heap held per reading (record, boxed list slot, Instant). */
    static final int BYTES_PER_READING = 96;

    private static final int BYTES_PER_REQUEST = 256;

    public IngestRequest {
        readings = List.copyOf(readings);
        aggregates = List.copyOf(aggregates);
        rejections = List.copyOf(rejections);
        if (station == null && (!readings.isEmpty() || !aggregates.isEmpty())) {
            throw new IllegalArgumentException("values without a station");
        }
    }

    /** A message that stores nothing: it is quarantined (or partly quarantined) only. */
    public static IngestRequest rejected(
            MessageOrigin origin, List<Rejection> rejections, Consumer<WriteOutcome> onDone) {
        return new IngestRequest(origin, null, List.of(), List.of(), rejections, new byte[0], 0, onDone);
    }

    /** The same values, for {@code resolved}, the station this request's pending station turned out to be. */
    public IngestRequest withStation(StationRef resolved) {
        return new IngestRequest(origin, resolved, readings, aggregates, rejections, raw, rawSize, onDone);
    }

    /** The same message with its values replaced and {@code added} quarantined beside what already was. */
    public IngestRequest withValues(
            List<Reading> newReadings, List<StationAggregate> newAggregates, List<Rejection> added) {
        List<Rejection> all = new ArrayList<>(rejections);
        all.addAll(added);
        return new IngestRequest(origin, station, newReadings, newAggregates, all, raw, rawSize, onDone);
    }

    /** Whether a value belongs to a factor code the catalogue did not know when it was decoded. */
    public boolean hasNewFactors() {
        return readings.stream().anyMatch(Reading::isOfNewFactor)
                || aggregates.stream().anyMatch(StationAggregate::isOfNewFactor);
    }

    /** The whole message quarantined instead (its station may not send), with what was already rejected. */
    public IngestRequest refused(Rejection whole) {
        List<Rejection> all = new ArrayList<>(rejections);
        all.add(whole);
        return new IngestRequest(origin, null, List.of(), List.of(), all, raw, rawSize, onDone);
    }

    /** The code of the station the values belong to, or null. */
    public String stationCode() {
        return station == null ? null : station.code();
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
