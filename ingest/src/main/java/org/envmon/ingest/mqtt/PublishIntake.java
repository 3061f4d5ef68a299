package org.envmon.ingest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.Hj212Framing;
import org.envmon.ingest.intake.Hj212Requests;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.json.DecodedPayload;
import org.envmon.ingest.json.JsonReadingsDecoder;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.TopicScheme;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.WriteOutcome;

/**
 * Turns one MQTT PUBLISH into an ingest request: checks the topic and size, detects the payload
 * format (JSON, or HJ 212 frames when it starts with {@code ##}) and decodes it. Everything that
 * cannot be stored becomes a quarantine row. Pure CPU work, safe on an event loop.
 */
final class PublishIntake {
    private final JsonReadingsDecoder jsonDecoder;
    private final Hj212Requests hj212Requests;
    private final StationDirectory stations;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final int rawLimit;

    PublishIntake(JsonReadingsDecoder jsonDecoder, Hj212Decoder hj212Decoder, StationDirectory stations,
                  IngestMetrics metrics, Clock clock, int maxPayloadBytes, int rawLimit) {
        this.jsonDecoder = jsonDecoder;
        this.hj212Requests = new Hj212Requests(hj212Decoder, stations, rawLimit);
        this.stations = stations;
        this.metrics = metrics;
        this.clock = clock;
        this.maxPayloadBytes = maxPayloadBytes;
        this.rawLimit = rawLimit;
    }

    /**
     * {@code loggedInAs} is the station the connection authenticated as (empty: anonymous); a logged-in
     * station may publish only to its own topic.
     */
    IngestRequest toRequest(String clientId, Optional<String> loggedInAs, String topic, ByteBuf payload,
                            Consumer<WriteOutcome> onDone) {
        MessageOrigin origin = new MessageOrigin(Transport.MQTT, clientId, topic, clock.instant());
        int size = payload.readableBytes();
        byte[] raw = ByteBufUtil.getBytes(payload, payload.readerIndex(), Math.min(size, rawLimit));
        Optional<String> station = TopicScheme.stationOf(topic);
        if (station.isEmpty()) {
            metrics.messageReceived(Transport.MQTT, "unknown");
            return whole(origin, null, RejectReason.TOPIC_OUTSIDE_SCHEME, "topic '" + topic
                    + "' is outside the ingest scheme " + TopicScheme.PATTERN_TEXT, raw, size, onDone);
        }
        String code = station.get();
        if (loggedInAs.isPresent() && !loggedInAs.get().equals(code)) {
            metrics.messageReceived(Transport.MQTT, "unknown");
            return whole(origin, null, RejectReason.FOREIGN_STATION, "station '" + loggedInAs.get()
                    + "' may not publish to the topic of station '" + code + "'", raw, size, onDone);
        }
        if (size > maxPayloadBytes) {
            metrics.messageReceived(Transport.MQTT, "unknown");
            return whole(origin, code, RejectReason.PAYLOAD_TOO_LARGE, "payload of " + size
                    + " bytes exceeds ingest.maxPayloadBytes (" + maxPayloadBytes + "); split the backlog", raw, size,
                    onDone);
        }
        byte[] payloadBytes = size <= rawLimit ? raw : ByteBufUtil.getBytes(payload);
        if (isHj212(payloadBytes)) {
            metrics.messageReceived(Transport.MQTT, "hj212");
            return hj212(origin, code, payloadBytes, raw, size, onDone);
        }
        metrics.messageReceived(Transport.MQTT, "json");
        DecodedPayload decoded = jsonDecoder.decode(payloadBytes);
        List<Rejection> rejections = rejections(origin, code, decoded.problems());
        byte[] keep = stations.idOf(code).isPresent() && decoded.readings().isEmpty() ? new byte[0] : raw;
        return new IngestRequest(origin, code, decoded.readings(), rejections, keep, size, onDone);
    }

    /** One or more HJ 212 frames; each must name the topic's station as its MN. */
    private IngestRequest hj212(MessageOrigin origin, String code, byte[] payload, byte[] raw, int size,
                                Consumer<WriteOutcome> onDone) {
        List<Object> parts = new ArrayList<>();
        ByteBuf frames = Unpooled.wrappedBuffer(payload);
        Optional<Object> next;
        while ((next = Hj212Framing.nextMergingErrors(frames, true)).isPresent()) {
            parts.add(next.get());
        }
        return hj212Requests.request(origin, code, parts, Optional.of(code), false, raw, size, onDone);
    }

    private List<Rejection> rejections(MessageOrigin origin, String code, List<Problem> problems) {
        List<Rejection> rejections = new ArrayList<>(problems.size());
        for (Problem problem : problems) {
            rejections.add(Rejection.of(origin, code, problem.reason(), problem.detail(), problem.raw(), rawLimit));
        }
        return rejections;
    }

    private IngestRequest whole(MessageOrigin origin, String station, RejectReason reason, String detail, byte[] raw,
                                int size, Consumer<WriteOutcome> onDone) {
        Rejection rejection = new Rejection(origin, station, reason, detail, raw, size);
        return new IngestRequest(origin, station, List.of(), List.of(rejection), new byte[0], size, onDone);
    }

    private static boolean isHj212(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        return bytes.length - i >= 2 && bytes[i] == '#' && bytes[i + 1] == '#';
    }
}
