package org.envmon.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.payload.Transport;
import org.junit.jupiter.api.Test;

class RequestCodecTest {

    @Test
    void decode_encodedRequest_sameStationReadingsRejectionsAndOrigin() throws Exception {
        MessageOrigin origin = new MessageOrigin(
                Transport.MQTT, "client-1", "stations/NEW1/readings", Instant.parse("2026-11-30T01:02:03.123456789Z"));
        String longDetail = "x".repeat(70_000);
        Rejection rejection = new Rejection(
                origin,
                "NEW1",
                RejectReason.UNKNOWN_METRIC,
                longDetail,
                "{\"zz\":1}".getBytes(StandardCharsets.UTF_8),
                8);
        IngestRequest request = new IngestRequest(
                origin,
                new StationRef(17, "NEW1"),
                List.of(
                        new Reading(Instant.parse("2026-11-30T01:00:00.000001Z"), (short) 3, 7.25, 'N'),
                        new Reading(Instant.parse("2026-11-30T01:00:01Z"), (short) 4, -1e-9, 'T')),
                List.of(),
                List.of(rejection),
                "{raw}".getBytes(StandardCharsets.UTF_8),
                5,
                outcome -> {});

        byte[] encoded = RequestCodec.encode(request);
        IngestRequest decoded = RequestCodec.decode(encoded, outcome -> {});

        assertThat(decoded.origin()).isEqualTo(origin);
        assertThat(decoded.station()).isEqualTo(new StationRef(17, "NEW1"));
        assertThat(decoded.readings()).isEqualTo(request.readings());
        assertThat(decoded.raw()).isEqualTo(request.raw());
        assertThat(decoded.rawSize()).isEqualTo(5);
        assertThat(decoded.rejections()).hasSize(1);
        Rejection back = decoded.rejections().get(0);
        assertThat(back.reason()).isEqualTo(RejectReason.UNKNOWN_METRIC);
        assertThat(back.detail()).isEqualTo(longDetail);
        assertThat(back.raw()).isEqualTo(rejection.raw());
        assertThat(back.origin().messageId())
                .as("the key of its quarantine row survives the spool")
                .isEqualTo(origin.messageId());
        assertThat(RequestCodec.receivedAt(encoded)).isEqualTo(origin.receivedAt());
    }

    @Test
    void decode_recordOfVersion1WithoutMessageId_readWithAFreshIdAndItsStationPending() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte(Transport.MQTT.ordinal());
            out.writeLong(1_700_000_000L);
            out.writeInt(5);
            writeNullable(out, "old-client");
            writeNullable(out, "stations/OLD1/readings");
            writeNullable(out, "OLD1");
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(1);
            out.writeLong(1_699_999_990L);
            out.writeInt(0);
            out.writeShort(1);
            out.writeDouble(7.5);
            out.writeChar('N');
            out.writeInt(0);
            out.writeInt(0);
        }

        IngestRequest decoded = RequestCodec.decode(bytes.toByteArray(), o -> {});

        assertThat(decoded.station())
                .as("pending: resolved by the writer that drains it")
                .isEqualTo(StationRef.pending("OLD1"));
        assertThat(decoded.origin().clientId()).isEqualTo("old-client");
        assertThat(decoded.origin().receivedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 5));
        assertThat(decoded.origin().messageId()).isNotNull();
        assertThat(decoded.readings())
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(7.5));
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(true);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void decode_pendingStation_keptPendingWithItsCode() throws Exception {
        MessageOrigin origin = new MessageOrigin(Transport.MQTT, "c", "stations/NEW2/readings", Instant.EPOCH);
        IngestRequest request = new IngestRequest(
                origin,
                StationRef.pending("NEW2"),
                List.of(new Reading(Instant.EPOCH, (short) 1, 1.5, 'N')),
                List.of(),
                List.of(),
                new byte[] {'{'},
                1,
                o -> {});

        IngestRequest decoded = RequestCodec.decode(RequestCodec.encode(request), o -> {});

        assertThat(decoded.station()).isEqualTo(StationRef.pending("NEW2"));
        assertThat(decoded.raw()).containsExactly('{');
    }

    @Test
    void decode_valuesOfNewFactors_keepTheirCodesBesideCataloguedValues() throws Exception {
        MessageOrigin origin = new MessageOrigin(Transport.HJ212_TCP, "c", null, Instant.EPOCH);
        Instant time = Instant.parse("2024-06-01T01:00:00Z");
        StationAggregate newStatistic = new StationAggregate(
                time,
                (short) 0,
                StationAggregate.Period.REAL_TIME,
                OptionalDouble.of(3.5),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.of(125.5),
                'N',
                "w99001");
        IngestRequest request = new IngestRequest(
                origin,
                new StationRef(7, "S7"),
                List.of(new Reading(time, (short) 1, 7.1, 'N'), Reading.ofNewFactor(time, "a99999", 1.25, 'T')),
                List.of(newStatistic),
                List.of(),
                new byte[0],
                0,
                o -> {});

        IngestRequest decoded = RequestCodec.decode(RequestCodec.encode(request), o -> {});

        assertThat(decoded.readings()).containsExactlyElementsOf(request.readings());
        assertThat(decoded.aggregates()).containsExactly(newStatistic);
        assertThat(decoded.hasNewFactors()).isTrue();
    }

    @Test
    void decode_recordOfVersion3_readWithItsStationIdAndCataloguedValues() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(3);
            out.writeByte(Transport.MQTT.ordinal());
            out.writeLong(1_700_000_000L);
            out.writeInt(5);
            writeNullable(out, "v3-client");
            writeNullable(out, "stations/V3/readings");
            out.writeLong(1);
            out.writeLong(2);
            writeNullable(out, "V3");
            out.writeInt(42);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(1);
            out.writeLong(1_699_999_990L);
            out.writeInt(0);
            out.writeShort(3);
            out.writeDouble(6.5);
            out.writeChar('N');
            out.writeInt(0);
            out.writeInt(0);
        }

        IngestRequest decoded = RequestCodec.decode(bytes.toByteArray(), o -> {});

        assertThat(decoded.station()).isEqualTo(new StationRef(42, "V3"));
        assertThat(decoded.readings())
                .containsExactly(new Reading(Instant.ofEpochSecond(1_699_999_990L), (short) 3, 6.5, 'N'));
    }

    @Test
    void decode_nullStationAndTopic_keptAsNull() throws Exception {
        MessageOrigin origin = new MessageOrigin(Transport.HJ212_TCP, null, null, Instant.EPOCH);
        IngestRequest request = IngestRequest.rejected(origin, List.of(), o -> {});

        IngestRequest decoded = RequestCodec.decode(RequestCodec.encode(request), o -> {});

        assertThat(decoded.stationCode()).isNull();
        assertThat(decoded.origin()).isEqualTo(origin);
    }

    @Test
    void decode_unknownVersion_refused() {
        byte[] encoded = RequestCodec.encode(
                IngestRequest.rejected(new MessageOrigin(Transport.MQTT, "c", "t", Instant.EPOCH), List.of(), o -> {}));
        encoded[0] = 9;

        assertThatThrownBy(() -> RequestCodec.decode(encoded, o -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 9");
    }
}
