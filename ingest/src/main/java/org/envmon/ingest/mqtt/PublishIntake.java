package org.envmon.ingest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.DecodedPayload;
import org.envmon.ingest.payload.JsonReadingsDecoder;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.TopicScheme;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.MessageOrigin;
import org.envmon.ingest.pipeline.Rejection;
import org.envmon.ingest.pipeline.Transport;
import org.envmon.ingest.pipeline.WriteOutcome;

/**
 * Turns one MQTT PUBLISH into an ingest request: checks the topic and size, detects the payload
 * format and decodes it. Everything that cannot be stored becomes a quarantine row. Pure CPU work,
 * safe on an event loop.
 */
final class PublishIntake {
    private static final byte[] HJ212_PREFIX = {'#', '#'};

    private final JsonReadingsDecoder jsonDecoder;
    private final StationDirectory stations;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final int rawLimit;

    PublishIntake(JsonReadingsDecoder jsonDecoder, StationDirectory stations, IngestMetrics metrics, Clock clock,
                  int maxPayloadBytes, int rawLimit) {
        this.jsonDecoder = jsonDecoder;
        this.stations = stations;
        this.metrics = metrics;
        this.clock = clock;
        this.maxPayloadBytes = maxPayloadBytes;
        this.rawLimit = rawLimit;
    }

    IngestRequest toRequest(String clientId, String topic, ByteBuf payload, Consumer<WriteOutcome> onDone) {
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
        if (size > maxPayloadBytes) {
            metrics.messageReceived(Transport.MQTT, "unknown");
            return whole(origin, code, RejectReason.PAYLOAD_TOO_LARGE, "payload of " + size
                    + " bytes exceeds ingest.maxPayloadBytes (" + maxPayloadBytes + "); split the backlog", raw, size,
                    onDone);
        }
        byte[] payloadBytes = size <= rawLimit ? raw : ByteBufUtil.getBytes(payload);
        if (startsWith(payloadBytes, HJ212_PREFIX)) {
            metrics.messageReceived(Transport.MQTT, "hj212");
            return whole(origin, code, RejectReason.UNSUPPORTED_FORMAT,
                    "HJ 212 payloads over MQTT are not decoded by this version; send JSON", raw, size, onDone);
        }
        metrics.messageReceived(Transport.MQTT, "json");
        DecodedPayload decoded = jsonDecoder.decode(payloadBytes);
        List<Rejection> rejections = new ArrayList<>(decoded.problems().size());
        for (Problem problem : decoded.problems()) {
            rejections.add(Rejection.of(origin, code, problem.reason(), problem.detail(), problem.raw(), rawLimit));
        }
        byte[] keep = stations.idOf(code).isPresent() && decoded.readings().isEmpty() ? new byte[0] : raw;
        return new IngestRequest(origin, code, decoded.readings(), rejections, keep, size, onDone);
    }

    private IngestRequest whole(MessageOrigin origin, String station, RejectReason reason, String detail, byte[] raw,
                                int size, Consumer<WriteOutcome> onDone) {
        Rejection rejection = new Rejection(origin, station, reason, detail, raw, size);
        return new IngestRequest(origin, station, List.of(), List.of(rejection), new byte[0], size, onDone);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        if (bytes.length - i < prefix.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (bytes[i + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }
}
