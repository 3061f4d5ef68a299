package org.envmon.ingest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.hj212.Hj212Framing;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.json.DecodedPayload;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.payload.TopicScheme;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;

/**
 * Turns one MQTT PUBLISH into an ingest request in two steps: {@link #read} checks the topic and
 * size and copies the payload off the network buffer; once the topic's station is resolved,
 * {@link #toRequest} detects the format (JSON, or HJ 212 frames when it starts with {@code ##})
 * and decodes it once, with that station's settings. Everything that cannot be stored becomes a
 * quarantine row. Pure CPU work, safe on an event loop.
 */
final class PublishIntake {
    private final Edge edge;

    PublishIntake(Edge edge) {
        this.edge = edge;
    }

    /**
     * A PUBLISH read off the wire, held while its station is resolved.
     *
     * @param station the topic's station; null when the message is refused before that ({@code refusal})
     */
    record Publication(
            MessageOrigin origin, String station, byte[] payload, byte[] raw, int size, Optional<Rejection> refusal) {}

    /**
     * {@code loggedInAs} is the station the connection authenticated as (empty: anonymous); a logged-in
     * station may publish only to its own topic.
     */
    Publication read(String clientId, Optional<String> loggedInAs, String topic, ByteBuf payload) {
        MessageOrigin origin =
                new MessageOrigin(Transport.MQTT, clientId, topic, edge.clock().instant());
        int size = payload.readableBytes();
        int rawLimit = edge.rawLimit();
        byte[] raw = ByteBufUtil.getBytes(payload, payload.readerIndex(), Math.min(size, rawLimit));
        Optional<String> station = TopicScheme.stationOf(topic);
        if (station.isEmpty()) {
            return refused(
                    origin,
                    null,
                    RejectReason.TOPIC_OUTSIDE_SCHEME,
                    "topic '" + topic + "' is outside the ingest scheme " + TopicScheme.PATTERN_TEXT,
                    raw,
                    size);
        }
        String code = station.get();
        if (loggedInAs.isPresent() && !loggedInAs.get().equals(code)) {
            return refused(
                    origin,
                    null,
                    RejectReason.FOREIGN_STATION,
                    "station '" + loggedInAs.get() + "' may not publish to the topic of station '" + code + "'",
                    raw,
                    size);
        }
        if (size > edge.maxPayloadBytes()) {
            return refused(
                    origin,
                    code,
                    RejectReason.PAYLOAD_TOO_LARGE,
                    "payload of " + size + " bytes exceeds ingest.maxPayloadBytes (" + edge.maxPayloadBytes()
                            + "); split the backlog",
                    raw,
                    size);
        }
        byte[] bytes = size <= rawLimit ? raw : ByteBufUtil.getBytes(payload);
        return new Publication(origin, code, bytes, raw, size, Optional.empty());
    }

    /** A publication refused before its station was needed (topic, size): quarantined whole. */
    IngestRequest refusal(Publication publication, Consumer<WriteOutcome> onDone) {
        edge.metrics().messageReceived(Transport.MQTT, "unknown");
        return IngestRequest.rejected(
                publication.origin(), List.of(publication.refusal().orElseThrow()), onDone);
    }

    /**
     * True when decoding the payload needs its station's settings (HJ 212 frames: PW, CRC mode,
     * clock zone); such a payload cannot be taken while its station cannot be looked up.
     */
    boolean needsStationSettings(Publication publication) {
        return isHj212(publication.payload());
    }

    /**
     * The publication decoded for its station, or quarantined whole when that station may not send.
     * A JSON payload whose station could not be looked up ({@code Unavailable}) is decoded without
     * it and its station left pending; never call this so for one that {@link #needsStationSettings}.
     */
    IngestRequest toRequest(Publication publication, StationResolution station, Consumer<WriteOutcome> onDone) {
        MessageOrigin origin = publication.origin();
        byte[] payload = publication.payload();
        boolean hj212 = isHj212(payload);
        edge.metrics().messageReceived(Transport.MQTT, hj212 ? "hj212" : "json");
        if (station instanceof StationResolution.Refused refused) {
            return IngestRequest.rejected(
                    origin,
                    List.of(new Rejection(
                            origin,
                            refused.code(),
                            refused.reason(),
                            refused.detail(),
                            publication.raw(),
                            publication.size())),
                    onDone);
        }
        if (hj212) {
            return edge.hj212()
                    .payload(
                            origin,
                            (StationResolution.Active) station,
                            frames(payload),
                            publication.raw(),
                            publication.size(),
                            onDone);
        }
        StationRef ref = station instanceof StationResolution.Active active
                ? new StationRef(active.profile().id(), active.code())
                : StationRef.pending(publication.station());
        DecodedPayload decoded = edge.json().decode(payload);
        List<Rejection> rejections = new ArrayList<>(decoded.problems().size());
        for (Problem problem : decoded.problems()) {
            rejections.add(Rejection.of(
                    origin, ref.code(), problem.reason(), problem.detail(), problem.raw(), edge.rawLimit()));
        }
        if (decoded.readings().isEmpty()) {
            return new IngestRequest(
                    origin, null, List.of(), List.of(), rejections, new byte[0], publication.size(), onDone);
        }
        return new IngestRequest(
                origin, ref, decoded.readings(), List.of(), rejections, publication.raw(), publication.size(), onDone);
    }

    private static List<Object> frames(byte[] payload) {
        List<Object> parts = new ArrayList<>();
        ByteBuf frames = Unpooled.wrappedBuffer(payload);
        Optional<Object> next;
        while ((next = Hj212Framing.nextMergingErrors(frames, true)).isPresent()) {
            parts.add(next.get());
        }
        return parts;
    }

    private static Publication refused(
            MessageOrigin origin, String station, RejectReason reason, String detail, byte[] raw, int size) {
        return new Publication(
                origin,
                station,
                new byte[0],
                raw,
                size,
                Optional.of(new Rejection(origin, station, reason, detail, raw, size)));
    }

    private static boolean isHj212(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        return bytes.length - i >= 2 && bytes[i] == '#' && bytes[i + 1] == '#';
    }
}
