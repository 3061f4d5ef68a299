package org.envmon.ingest.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk format of one spool segment, {@code <number>.seg}:
 * <pre>
 *   header  : magic "ENVSPOOL" (8) | generation UUID (16) | segment number (8)
 *   record* : payload length (4) | CRC32C of length and payload (4) | payload
 * </pre>
 * A segment is only ever appended to; a record counts once the whole record is on disk and its
 * CRC matches. Anything after the first bad record is a torn or corrupt tail.
 */
final class SegmentFile {
    private static final Logger log = LoggerFactory.getLogger(SegmentFile.class);
    static final int HEADER_BYTES = 32;
    static final int RECORD_OVERHEAD = 8;
    /** Larger than any payload the service can produce; a bigger length field is corruption. */
    static final int MAX_PAYLOAD = 256 * 1024 * 1024;

    private static final byte[] MAGIC = {'E', 'N', 'V', 'S', 'P', 'O', 'O', 'L'};

    private SegmentFile() {}

    /** What a scan found: the header and the valid records, with where the valid part ends. */
    record Scan(UUID generation, long number, List<Long> recordEnds, long validBytes, long fileBytes) {
        boolean tornTail() {
            return validBytes < fileBytes;
        }
    }

    /** One record read back, with the file offset just past it. */
    record Entry(byte[] payload, long end) {}

    /** Bytes one append of these payloads takes on disk (records only). */
    static long sizeOf(List<byte[]> payloads) {
        long size = 0;
        for (byte[] p : payloads) {
            size += SegmentFile.RECORD_OVERHEAD + p.length;
        }
        return size;
    }

    static String fileName(long number) {
        return String.format(Locale.ROOT, "%020d.seg", number);
    }

    static ByteBuffer header(UUID generation, long number) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC)
                .putLong(generation.getMostSignificantBits())
                .putLong(generation.getLeastSignificantBits())
                .putLong(number)
                .flip();
        return header;
    }

    static ByteBuffer record(byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_OVERHEAD + payload.length);
        record.putInt(payload.length)
                .putInt(crc(payload.length, payload, 0, payload.length))
                .put(payload)
                .flip();
        return record;
    }

    static int crc(int length, byte[] payload, int offset, int count) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload, offset, count);
        return (int) crc.getValue();
    }

    /**
     * Reads the whole segment and checks every record. Returns null when even the header is
     * incomplete or foreign (a segment torn while it was being created).
     */
    static Scan scan(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            if (readFully(channel, header, 0) < HEADER_BYTES) {
                return null;
            }
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                return null;
            }
            UUID generation = new UUID(header.getLong(), header.getLong());
            long number = header.getLong();
            List<Long> ends = new ArrayList<>();
            long position = HEADER_BYTES;
            while (true) {
                Entry entry = readAt(channel, position, size);
                if (entry == null) {
                    break;
                }
                position = entry.end();
                ends.add(position);
            }
            return new Scan(generation, number, ends, position, size);
        }
    }

    /** The record starting at {@code position}, or null if it is incomplete or fails its CRC. */
    static Entry readAt(FileChannel channel, long position, long limit) throws IOException {
        if (position + RECORD_OVERHEAD > limit) {
            return null;
        }
        ByteBuffer head = ByteBuffer.allocate(RECORD_OVERHEAD);
        if (readFully(channel, head, position) < RECORD_OVERHEAD) {
            return null;
        }
        int length = head.getInt(0);
        int expectedCrc = head.getInt(4);
        if (length <= 0 || length > MAX_PAYLOAD || position + RECORD_OVERHEAD + length > limit) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (readFully(channel, body, position + RECORD_OVERHEAD) < length) {
            return null;
        }
        byte[] payload = body.array();
        if (crc(length, payload, 0, length) != expectedCrc) {
            return null;
        }
        return new Entry(payload, position + RECORD_OVERHEAD + length);
    }

    /** Cuts the file back to its valid part and makes the cut durable. */
    static void truncate(Path path, long validBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(validBytes);
            channel.force(true);
        }
    }

    /**
     * Checks a segment left by an earlier run: a torn or corrupt tail is cut off, a file without a
     * valid header is moved aside, one without records deleted. Empty when nothing is left to drain.
     */
    static Optional<Segment> recover(Path file, Spool.Listener listener) throws IOException {
        Scan scan = scan(file);
        if (scan == null) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            log.error(
                    "Spool segment {} has no valid header ({} bytes); moved aside to {}",
                    file,
                    Files.size(file),
                    aside);
            listener.truncated(file, Files.size(file));
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return Optional.empty();
        }
        if (scan.tornTail()) {
            long cut = scan.fileBytes() - scan.validBytes();
            log.warn(
                    "Spool segment {} ends in a torn or corrupt record: {} byte(s) after offset {} cut off; the "
                            + "{} complete record(s) before it are kept",
                    file,
                    cut,
                    scan.validBytes(),
                    scan.recordEnds().size());
            truncate(file, scan.validBytes());
            listener.truncated(file, cut);
        }
        if (scan.recordEnds().isEmpty()) {
            Files.delete(file);
            return Optional.empty();
        }
        return Optional.of(new Segment(
                scan.number(),
                scan.generation(),
                file,
                scan.validBytes(),
                scan.recordEnds().size()));
    }

    /** Creates a segment file with its header, synced with its directory entry; open for appends. */
    static FileChannel create(Path path, UUID generation, long number) throws IOException {
        FileChannel channel = FileChannel.open(
                path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        ByteBuffer header = header(generation, number);
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        channel.force(true);
        // A new file's name is durable only once its directory is synced.
        try (FileChannel directory = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        return channel;
    }

    /** The records from {@code from} up to {@code limit}, about {@code maxBytes} of payload. */
    static List<Entry> readEntries(Path path, long from, long limit, int maxBytes) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long read = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long position = from;
            while (position < limit && read < maxBytes) {
                Entry entry = readAt(channel, position, limit);
                if (entry == null) {
                    throw new IOException("spool segment " + path + " changed under the drainer at offset " + position);
                }
                entries.add(entry);
                read += entry.payload().length;
                position = entry.end();
            }
        }
        return entries;
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
