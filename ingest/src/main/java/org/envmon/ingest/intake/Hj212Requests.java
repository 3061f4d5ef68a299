package org.envmon.ingest.intake;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.hj212.Hj212Content;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.Hj212Frame;
import org.envmon.ingest.hj212.Hj212FramingError;
import org.envmon.ingest.hj212.Hj212Packet;
import org.envmon.ingest.hj212.Hj212ParseException;
import org.envmon.ingest.hj212.Hj212Parser;
import org.envmon.ingest.hj212.Hj212Quirk;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;

/**
 * Builds ingest requests from HJ 212 frames of a station already resolved, for both transports:
 * each frame is parsed once and decoded once, with that station's settings.
 */
public final class Hj212Requests {
    private final Hj212Decoder decoder;
    private final StationDirectory stations;
    private final IngestMetrics metrics;
    private final int rawLimit;

    public Hj212Requests(Hj212Decoder decoder, StationDirectory stations, IngestMetrics metrics, int rawLimit) {
        this.decoder = decoder;
        this.stations = stations;
        this.metrics = metrics;
        this.rawLimit = rawLimit;
    }

    /**
     * The frames of one MQTT payload published to the topic of {@code station}; every frame must name
     * it as its MN.
     *
     * @param parts frames and framing errors in arrival order
     */
    public IngestRequest payload(
            MessageOrigin origin,
            StationResolution.Active station,
            List<Object> parts,
            byte[] raw,
            int rawSize,
            Consumer<WriteOutcome> onDone) {
        Content content = new Content();
        for (Object part : parts) {
            if (part instanceof Hj212FramingError error) {
                content.rejections.add(Rejection.of(
                        origin, station.code(), RejectReason.HJ212_FRAMING, error.reason(), error.raw(), rawLimit));
                continue;
            }
            Hj212Frame frame = (Hj212Frame) part;
            Hj212Packet packet;
            try {
                packet = Hj212Parser.parse(frame.segmentText());
            } catch (Hj212ParseException e) {
                content.rejections.add(Rejection.of(
                        origin, station.code(), RejectReason.HJ212_MALFORMED, e.getMessage(), frame.raw(), rawLimit));
                continue;
            }
            content.add(
                    origin,
                    station.code(),
                    frame,
                    packet.mn().equals(station.code())
                            ? decoder.decode(frame, packet, station.profile(), false)
                            : decoder.foreign(frame, packet, station.code(), stations.profileOf(packet.mn())));
        }
        return content.request(origin, station, raw, rawSize, onDone);
    }

    /**
     * One frame received over HJ 212 TCP from {@code station}, the station its MN names.
     *
     * @param passwordRequired the sender is not authenticated otherwise, so the station must have a PW
     */
    public IngestRequest frame(
            MessageOrigin origin,
            StationResolution.Active station,
            Hj212Frame frame,
            Hj212Packet packet,
            boolean passwordRequired,
            Consumer<WriteOutcome> onDone) {
        Content content = new Content();
        content.add(origin, station.code(), frame, decoder.decode(frame, packet, station.profile(), passwordRequired));
        return content.request(origin, station, frame.raw(), frame.raw().length, onDone);
    }

    /** One frame over HJ 212 TCP whose MN is not {@code expected}, the station the connection belongs to. */
    public IngestRequest foreign(
            MessageOrigin origin,
            Hj212Frame frame,
            Hj212Packet packet,
            String expected,
            Consumer<WriteOutcome> onDone) {
        Hj212Content.Refused refused = decoder.foreign(frame, packet, expected, stations.profileOf(packet.mn()));
        return IngestRequest.rejected(
                origin,
                List.of(Rejection.of(
                        origin, refused.stationCode(), refused.reason(), refused.detail(), frame.raw(), rawLimit)),
                onDone);
    }

    private void countQuirks(MessageOrigin origin, Hj212Frame frame, Hj212Content.Accepted accepted) {
        if (frame.quirks().isEmpty()
                && accepted.packet().quirks().isEmpty()
                && accepted.quirks().isEmpty()) {
            return;
        }
        Set<Hj212Quirk> quirks = EnumSet.noneOf(Hj212Quirk.class);
        quirks.addAll(frame.quirks());
        quirks.addAll(accepted.packet().quirks());
        quirks.addAll(accepted.quirks());
        for (Hj212Quirk quirk : quirks) {
            metrics.hj212Quirk(origin.transport(), quirk.label());
        }
    }

    /** What the frames of one request amount to. */
    private final class Content {
        final List<Reading> readings = new ArrayList<>();
        final List<StationAggregate> aggregates = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();

        void add(MessageOrigin origin, String stationCode, Hj212Frame frame, Hj212Content content) {
            if (content instanceof Hj212Content.Refused refused) {
                String code = refused.stationCode() == null ? stationCode : refused.stationCode();
                rejections.add(Rejection.of(origin, code, refused.reason(), refused.detail(), frame.raw(), rawLimit));
                return;
            }
            Hj212Content.Accepted accepted = (Hj212Content.Accepted) content;
            countQuirks(origin, frame, accepted);
            readings.addAll(accepted.readings());
            aggregates.addAll(accepted.aggregates());
            for (Problem problem : accepted.problems()) {
                rejections.add(
                        Rejection.of(origin, stationCode, problem.reason(), problem.detail(), problem.raw(), rawLimit));
            }
        }

        IngestRequest request(
                MessageOrigin origin,
                StationResolution.Active station,
                byte[] raw,
                int rawSize,
                Consumer<WriteOutcome> onDone) {
            // The raw bytes are kept only while there are values whose write the database might refuse.
            byte[] kept = readings.isEmpty() && aggregates.isEmpty() || raw.length > rawLimit ? new byte[0] : raw;
            return new IngestRequest(
                    origin,
                    new StationRef(station.profile().id(), station.code()),
                    readings,
                    aggregates,
                    rejections,
                    kept,
                    rawSize,
                    onDone);
        }
    }
}
