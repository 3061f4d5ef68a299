package org.envmon.ingest.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, fsynced log of spooled requests in segment files, with one reader (the drainer)
 * following one writer (the batch writer). Records become visible to the reader only after they
 * were forced to disk, so nothing unacknowledged is ever replayed. Space is freed by deleting a
 * segment once every record in it was drained; when the last one goes the spool is empty and the
 * next append starts a new generation (the drain checkpoint in the database is per generation, so
 * segment numbers may start again without being mistaken for drained ones).
 */
public final class Spool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    /** Notified of what a start-up scan found; implemented by the metrics. */
    public interface Listener {
        void truncated(Path segment, long bytes);

        void synced(int records, long nanos);
    }

    /** A segment as this process knows it. */
    static final class Segment {
        final long number;
        final UUID generation;
        final Path path;
        long size;
        int records;

        Segment(long number, UUID generation, Path path, long size, int records) {
            this.number = number;
            this.generation = generation;
            this.path = path;
            this.size = size;
            this.records = records;
        }
    }

    /** Records read for draining, all from one segment; {@code end} is the offset after the last one. */
    public record Chunk(UUID generation, long segment, List<SegmentFile.Entry> entries) {
        public long end() {
            return entries.get(entries.size() - 1).end();
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final int segmentBytes;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final Condition drainedSome = lock.newCondition();
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private FileChannel active;
    private long readOffset;
    private long bytes;
    private long records;
    private Instant headReceivedAt;
    private boolean closed;
    /** The drainer's last chunk was stored: the database answers and the spool is being emptied. */
    private boolean draining;

    private Spool(Path dir, long maxBytes, int segmentBytes, Listener listener) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.listener = listener;
    }

    /** Opens the spool directory, checking every segment and truncating a torn or corrupt tail. */
    public static Spool open(Path dir, long maxBytes, int segmentBytes, Listener listener) throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, maxBytes, segmentBytes, listener);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
        for (Path file : files) {
            spool.recover(file);
        }
        if (!spool.segments.isEmpty()) {
            spool.readOffset = SegmentFile.HEADER_BYTES;
            log.info("Spool in {} holds {} record(s) in {} segment(s), {} bytes; they are drained before new data",
                    dir, spool.records, spool.segments.size(), spool.bytes);
        }
        return spool;
    }

    private void recover(Path file) throws IOException {
        SegmentFile.Scan scan = SegmentFile.scan(file);
        if (scan == null) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            log.error("Spool segment {} has no valid header ({} bytes); moved aside to {}", file, Files.size(file),
                    aside);
            listener.truncated(file, Files.size(file));
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (scan.tornTail()) {
            long cut = scan.fileBytes() - scan.validBytes();
            log.warn("Spool segment {} ends in a torn or corrupt record: {} byte(s) after offset {} cut off; the "
                    + "{} complete record(s) before it are kept", file, cut, scan.validBytes(), scan.recordEnds().size());
            SegmentFile.truncate(file, scan.validBytes());
            listener.truncated(file, cut);
        }
        if (scan.recordEnds().isEmpty()) {
            Files.delete(file);
            return;
        }
        segments.addLast(new Segment(scan.number(), scan.generation(), file, scan.validBytes(),
                scan.recordEnds().size()));
        bytes += scan.validBytes();
        records += scan.recordEnds().size();
    }

    /** Bytes one append of these payloads takes on disk (records only). */
    static long sizeOf(List<byte[]> payloads) {
        long size = 0;
        for (byte[] p : payloads) {
            size += SegmentFile.RECORD_OVERHEAD + p.length;
        }
        return size;
    }

    /** True if the payloads fit now; an empty spool takes anything, so an oversized batch cannot stick. */
    public boolean hasRoomFor(List<byte[]> payloads) {
        lock.lock();
        try {
            return records == 0 || bytes + sizeOf(payloads) + SegmentFile.HEADER_BYTES <= maxBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the payloads fit; false if the spool was closed meanwhile. */
    public boolean awaitRoomFor(List<byte[]> payloads) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && !hasRoomFor(payloads)) {
                room.await(1, TimeUnit.SECONDS);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends the payloads as records and forces them to disk with one fsync (group commit: every
     * request of the batch shares it). They are durable when this returns.
     */
    public void append(List<byte[]> payloads) throws IOException {
        if (payloads.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                throw new IOException("spool is closed");
            }
            long started = System.nanoTime();
            long size = sizeOf(payloads);
            Segment tail = segments.peekLast();
            if (active == null || tail == null || tail.size + size > segmentBytes && tail.records > 0) {
                tail = startSegment();
            }
            ByteBuffer[] buffers = new ByteBuffer[payloads.size()];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = SegmentFile.record(payloads.get(i));
            }
            long position = tail.size;
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    position += active.write(buffer, position);
                }
            }
            active.force(false);
            if (records == 0) {
                headReceivedAt = SpoolCodec.receivedAt(payloads.get(0));
                readOffset = SegmentFile.HEADER_BYTES;
            }
            bytes += position - tail.size;
            tail.size = position;
            tail.records += payloads.size();
            records += payloads.size();
            listener.synced(payloads.size(), System.nanoTime() - started);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the segment being written and starts the next; only this process appends, only to its own. */
    private Segment startSegment() throws IOException {
        if (active != null) {
            active.close();
        }
        Segment last = segments.peekLast();
        UUID generation = last == null ? UUID.randomUUID() : last.generation;
        long number = last == null ? 1 : last.number + 1;
        Path path = dir.resolve(SegmentFile.fileName(number));
        active = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        ByteBuffer header = SegmentFile.header(generation, number);
        while (header.hasRemaining()) {
            active.write(header, header.position());
        }
        active.force(true);
        forceDirectory();
        Segment segment = new Segment(number, generation, path, SegmentFile.HEADER_BYTES, 0);
        segments.addLast(segment);
        bytes += SegmentFile.HEADER_BYTES;
        return segment;
    }

    /** A new file's name is durable only once its directory is synced. */
    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Waits up to {@code millis} for something to drain; true if there is. */
    public boolean awaitRecords(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (records == 0 && !closed) {
                notEmpty.await(millis, TimeUnit.MILLISECONDS);
            }
            return records > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the next records to drain, from the drain position, up to about {@code maxBytes} of
     * payload and never past what was fsynced. Null when there is nothing to drain.
     */
    public Chunk read(int maxBytesToRead) throws IOException {
        Segment segment;
        long from;
        long limit;
        lock.lock();
        try {
            if (records == 0) {
                return null;
            }
            segment = segments.peekFirst();
            from = readOffset;
            limit = segment.size;
        } finally {
            lock.unlock();
        }
        List<SegmentFile.Entry> entries = new ArrayList<>();
        long read = 0;
        try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
            long position = from;
            while (position < limit && read < maxBytesToRead) {
                SegmentFile.Entry entry = SegmentFile.readAt(channel, position, limit);
                if (entry == null) {
                    throw new IOException("spool segment " + segment.path + " changed under the drainer at offset "
                            + position);
                }
                entries.add(entry);
                read += entry.payload().length;
                position = entry.end();
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        lock.lock();
        try {
            headReceivedAt = SpoolCodec.receivedAt(entries.get(0).payload());
        } finally {
            lock.unlock();
        }
        return new Chunk(segment.generation, segment.number, entries);
    }

    /** Marks a chunk as stored in the database; deletes segments that are now fully drained. */
    public void drained(Chunk chunk) throws IOException {
        lock.lock();
        try {
            Segment head = segments.peekFirst();
            if (head == null || head.number != chunk.segment() || readOffset > chunk.end()) {
                return;
            }
            readOffset = chunk.end();
            records -= chunk.entries().size();
            while (head != null && readOffset >= head.size && (segments.size() > 1 || records == 0)) {
                deleteHead(head);
                head = segments.peekFirst();
                readOffset = SegmentFile.HEADER_BYTES;
            }
            if (records == 0) {
                headReceivedAt = null;
                draining = false;
            }
            drainedSome.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void deleteHead(Segment head) throws IOException {
        segments.pollFirst();
        if (segments.isEmpty() && active != null) {
            active.close();
            active = null;
        }
        Files.deleteIfExists(head.path);
        bytes -= head.size;
        room.signalAll();
    }

    /**
     * Waits, while the drainer is writing to a database that answers, until the spool is empty or
     * the drainer stalls again. New data must not be appended faster than the drain can move it,
     * or the spool would never empty under steady load; holding the writer here turns the surplus
     * into back-pressure on the connections, as without a spool.
     */
    public void awaitCatchUp() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && records > 0 && draining) {
                drainedSome.await(200, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Told by the drainer after each chunk: true when it was stored, false when the database failed. */
    public void drainProgress(boolean stored) {
        lock.lock();
        try {
            draining = stored;
            drainedSome.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True while records wait to be drained: new batches must then queue behind them. */
    public boolean engaged() {
        lock.lock();
        try {
            return records > 0;
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public long records() {
        lock.lock();
        try {
            return records;
        } finally {
            lock.unlock();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Arrival time of the oldest record not yet drained (as of the last chunk read), or null. */
    public Instant oldestReceivedAt() {
        lock.lock();
        try {
            return records == 0 ? null : headReceivedAt;
        } finally {
            lock.unlock();
        }
    }

    int segmentCount() {
        lock.lock();
        try {
            return segments.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes anyone waiting for room or records; later appends fail. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            room.signalAll();
            notEmpty.signalAll();
            if (active != null) {
                active.close();
                active = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
