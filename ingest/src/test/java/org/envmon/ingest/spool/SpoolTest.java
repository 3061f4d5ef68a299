package org.envmon.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.RequestCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final long MAX = 1024 * 1024;
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private static final class RecordingListener implements Spool.Listener {
        final List<Integer> syncs = new ArrayList<>();
        final List<Long> truncatedBytes = new ArrayList<>();

        @Override
        public void truncated(Path segment, long bytes) {
            truncatedBytes.add(bytes);
        }

        @Override
        public void synced(int records, long nanos) {
            syncs.add(records);
        }
    }

    private static byte[] payload(int index) {
        MessageOrigin origin = new MessageOrigin(
                Transport.MQTT, "c" + index, "stations/S/readings", Instant.ofEpochSecond(1_700_000_000L + index));
        return RequestCodec.encode(new IngestRequest(
                origin,
                new StationRef(1, "S"),
                List.of(new Reading(Instant.ofEpochSecond(1_700_000_000L + index), (short) 1, index, 'N')),
                List.of(),
                List.of(),
                new byte[0],
                0,
                outcome -> {}));
    }

    private static List<byte[]> payloads(int from, int count) {
        List<byte[]> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(payload(i));
        }
        return list;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static List<Double> drainAll(Spool spool) throws IOException {
        List<Double> values = new ArrayList<>();
        SpoolChunk chunk;
        while ((chunk = spool.read(4096)) != null) {
            for (SegmentFile.Entry entry : chunk.entries()) {
                values.add(RequestCodec.decode(entry.payload(), o -> {})
                        .readings()
                        .get(0)
                        .value());
            }
            spool.drained(chunk);
        }
        return values;
    }

    @Test
    void append_batchOfManyRecords_oneFsyncForTheWholeBatch() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            spool.append(payloads(0, 100));
            spool.append(payloads(100, 1));

            assertThat(listener.syncs).containsExactly(100, 1);
            assertThat(spool.records()).isEqualTo(101);
            assertThat(spool.engaged()).isTrue();
        }
    }

    @Test
    void open_afterAppends_recordsReadBackInOrderWithValidCrc() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            spool.append(payloads(0, 10));
        }
        try (Spool reopened = Spool.open(dir, MAX, SEGMENT, listener)) {
            assertThat(reopened.records()).isEqualTo(10);
            assertThat(drainAll(reopened)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
            assertThat(listener.truncatedBytes).isEmpty();
        }
    }

    @Test
    void open_segmentCutMidRecord_tornTailTruncatedReportedAndNotReplayed() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            spool.append(payloads(0, 5));
        }
        Path segment = segmentFiles().get(0);
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 7);
        }

        try (Spool reopened = Spool.open(dir, MAX, SEGMENT, listener)) {
            assertThat(listener.truncatedBytes).hasSize(1);
            assertThat(reopened.records()).isEqualTo(4);
            assertThat(drainAll(reopened)).containsExactly(0.0, 1.0, 2.0, 3.0);
        }
    }

    @Test
    void open_flippedByteInLastRecord_crcMismatchTruncated() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            spool.append(payloads(0, 3));
        }
        Path segment = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(segment, bytes);

        try (Spool reopened = Spool.open(dir, MAX, SEGMENT, listener)) {
            assertThat(reopened.records()).isEqualTo(2);
            assertThat(Files.size(segment)).isLessThan(bytes.length);
            assertThat(listener.truncatedBytes).hasSize(1);
        }
    }

    @Test
    void open_garbageAppendedAfterRecords_cutOffAndAppendsContinueInANewSegment() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            spool.append(payloads(0, 2));
        }
        Path segment = segmentFiles().get(0);
        Files.write(segment, new byte[] {0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);

        try (Spool reopened = Spool.open(dir, MAX, SEGMENT, listener)) {
            reopened.append(payloads(2, 1));
            assertThat(segmentFiles()).hasSize(2);
            assertThat(drainAll(reopened)).containsExactly(0.0, 1.0, 2.0);
        }
        assertThat(listener.truncatedBytes).containsExactly(6L);
    }

    @Test
    void drained_segmentsFullyDrained_deletedAndBytesFreed() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            for (int i = 0; i < 40; i++) {
                spool.append(payloads(i * 50, 50));
            }
            assertThat(segmentFiles().size()).isGreaterThan(2);
            assertThat(spool.bytes()).isGreaterThan(SEGMENT);

            assertThat(drainAll(spool)).hasSize(2000);
            assertThat(segmentFiles()).isEmpty();
            assertThat(spool.bytes()).isZero();
            assertThat(spool.engaged()).isFalse();
            assertThat(spool.oldestReceivedAt()).isNull();
        }
    }

    @Test
    void hasRoomFor_spoolAtItsBound_falseUntilASegmentDrains() throws IOException {
        try (Spool spool = Spool.open(dir, 4 * SEGMENT, SEGMENT, listener)) {
            int appended = 0;
            while (spool.hasRoomFor(payloads(appended, 50))) {
                spool.append(payloads(appended, 50));
                appended += 50;
            }
            assertThat(spool.bytes()).isLessThanOrEqualTo(4L * SEGMENT);

            SpoolChunk chunk;
            int segmentsBefore = spool.segmentCount();
            while (spool.segmentCount() == segmentsBefore && (chunk = spool.read(4096)) != null) {
                spool.drained(chunk);
            }
            assertThat(spool.hasRoomFor(payloads(appended, 50))).isTrue();
        }
    }

    @Test
    void read_appendAfterEmptying_newGenerationStarted() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            spool.append(payloads(0, 1));
            SpoolChunk first = spool.read(4096);
            spool.drained(first);
            spool.append(payloads(1, 1));
            SpoolChunk second = spool.read(4096);

            assertThat(second.generation()).isNotEqualTo(first.generation());
            assertThat(second.segment()).isEqualTo(1);
        }
    }

    @Test
    void oldestReceivedAt_afterAppend_arrivalOfFirstUndrainedRecord() throws IOException {
        try (Spool spool = Spool.open(dir, MAX, SEGMENT, listener)) {
            spool.append(payloads(5, 3));
            assertThat(spool.oldestReceivedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_005L));
        }
    }
}
