package org.envmon.ingest.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Consumer;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.payload.Transport;

/**
 * An ingest request as bytes, without its callback: the payload of a spool record and the value of a
 * Kafka record. It holds its station's id and code (id 0 while pending), its values and its quarantine rows.
 * Records of versions 1 and 2 hold the station's code only: their station is pending, resolved by
 * the writer that drains them. A value of a factor code the catalogue did not know (metric id 0) keeps
 * the code, registered by the writer that drains it.
 */
public final class RequestCodec {
    /**
     * 4 adds the code of values of new factors; 3 added the station's id; 2 the message id to each
     * origin. Records of versions 1 to 3 are still read (version 1 with fresh ids).
     */
    private static final byte VERSION = 4;

    private static final byte VERSION_WITHOUT_NEW_FACTORS = 3;
    private static final byte VERSION_WITHOUT_MESSAGE_ID = 1;

    private RequestCodec() {}

    public static byte[] encode(IngestRequest request) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(128 + request.readings().size() * 19 + request.raw().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeOrigin(out, request.origin());
            // A pending station (the edge could not look it up) is kept with id 0 and resolved when drained.
            writeNullable(out, request.stationCode());
            if (request.station() != null) {
                out.writeInt(request.station().id());
            }
            writeBytes(out, request.raw());
            out.writeInt(request.rawSize());
            out.writeInt(request.readings().size());
            for (Reading r : request.readings()) {
                writeInstant(out, r.time());
                out.writeShort(r.metricId());
                out.writeDouble(r.value());
                out.writeChar(r.flag());
                if (r.isOfNewFactor()) {
                    out.writeUTF(r.newFactor());
                }
            }
            out.writeInt(request.rejections().size());
            for (Rejection r : request.rejections()) {
                writeOrigin(out, r.origin());
                writeNullable(out, r.stationCode());
                out.writeUTF(r.reason().name());
                writeLongString(out, r.detail());
                writeBytes(out, r.raw());
                out.writeInt(r.rawSize());
            }
            out.writeInt(request.aggregates().size());
            for (StationAggregate a : request.aggregates()) {
                writeInstant(out, a.intervalStart());
                out.writeShort(a.metricId());
                out.writeByte(a.period().ordinal());
                writeOptional(out, a.avg());
                writeOptional(out, a.min());
                writeOptional(out, a.max());
                writeOptional(out, a.cou());
                out.writeChar(a.flag());
                if (a.isOfNewFactor()) {
                    out.writeUTF(a.newFactor());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen with an in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    /** Rebuilds the request; {@code onDone} receives its outcome when it is replayed. */
    public static IngestRequest decode(byte[] payload, Consumer<WriteOutcome> onDone) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        byte version = in.readByte();
        if (version < VERSION_WITHOUT_MESSAGE_ID || version > VERSION) {
            throw new IOException("unknown spool record version " + version);
        }
        boolean withId = version != VERSION_WITHOUT_MESSAGE_ID;
        MessageOrigin origin = readOrigin(in, withId);
        String stationCode = readNullable(in);
        int stationId = version >= VERSION_WITHOUT_NEW_FACTORS && stationCode != null ? in.readInt() : 0;
        boolean withNewFactors = version == VERSION;
        byte[] raw = readBytes(in);
        int rawSize = in.readInt();
        int readingCount = in.readInt();
        List<Reading> readings = new ArrayList<>(readingCount);
        for (int i = 0; i < readingCount; i++) {
            Instant time = readInstant(in);
            short metricId = in.readShort();
            double value = in.readDouble();
            char flag = in.readChar();
            String newFactor = withNewFactors && metricId == 0 ? in.readUTF() : null;
            readings.add(new Reading(time, metricId, value, flag, newFactor));
        }
        int rejectionCount = in.readInt();
        List<Rejection> rejections = new ArrayList<>(rejectionCount);
        for (int i = 0; i < rejectionCount; i++) {
            rejections.add(new Rejection(
                    readOrigin(in, withId),
                    readNullable(in),
                    RejectReason.valueOf(in.readUTF()),
                    readLongString(in),
                    readBytes(in),
                    in.readInt()));
        }
        int aggregateCount = in.readInt();
        List<StationAggregate> aggregates = new ArrayList<>(aggregateCount);
        for (int i = 0; i < aggregateCount; i++) {
            Instant start = readInstant(in);
            short metricId = in.readShort();
            StationAggregate.Period period = StationAggregate.Period.values()[in.readByte()];
            OptionalDouble avg = readOptional(in);
            OptionalDouble min = readOptional(in);
            OptionalDouble max = readOptional(in);
            OptionalDouble cou = readOptional(in);
            char flag = in.readChar();
            String newFactor = withNewFactors && metricId == 0 ? in.readUTF() : null;
            aggregates.add(new StationAggregate(start, metricId, period, avg, min, max, cou, flag, newFactor));
        }
        StationRef station = readings.isEmpty() && aggregates.isEmpty() ? null : new StationRef(stationId, stationCode);
        return new IngestRequest(origin, station, readings, aggregates, rejections, raw, rawSize, onDone);
    }

    private static void writeOptional(DataOutputStream out, OptionalDouble value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeDouble(value.getAsDouble());
        }
    }

    private static OptionalDouble readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? OptionalDouble.of(in.readDouble()) : OptionalDouble.empty();
    }

    /** The arrival time of an encoded request, read without decoding the rest. */
    public static Instant receivedAt(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload, 2, 12);
        return Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
    }

    private static void writeOrigin(DataOutputStream out, MessageOrigin origin) throws IOException {
        out.writeByte(origin.transport().ordinal());
        writeInstant(out, origin.receivedAt());
        writeNullable(out, origin.clientId());
        writeNullable(out, origin.topic());
        out.writeLong(origin.messageId().getMostSignificantBits());
        out.writeLong(origin.messageId().getLeastSignificantBits());
    }

    private static MessageOrigin readOrigin(DataInputStream in, boolean withId) throws IOException {
        Transport transport = Transport.values()[in.readByte()];
        Instant receivedAt = readInstant(in);
        String clientId = readNullable(in);
        String topic = readNullable(in);
        return withId
                ? new MessageOrigin(transport, clientId, topic, receivedAt, new UUID(in.readLong(), in.readLong()))
                : new MessageOrigin(transport, clientId, topic, receivedAt);
    }

    private static void writeInstant(DataOutputStream out, Instant time) throws IOException {
        out.writeLong(time.getEpochSecond());
        out.writeInt(time.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            writeLongString(out, text);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readLongString(in) : null;
    }

    /** UTF-8 with an int length: writeUTF stops at 64 KiB, and details quote client input. */
    private static void writeLongString(DataOutputStream out, String text) throws IOException {
        writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String readLongString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("field length " + length + " beyond the record");
        }
        return in.readNBytes(length);
    }
}
