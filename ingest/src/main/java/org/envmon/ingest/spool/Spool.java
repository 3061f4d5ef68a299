package org.envmon.ingest.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.envmon.ingest.pipeline.RequestCodec;
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

    private final Path dir;
    private final long maxBytes;
    private final int segmentBytes;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    /** Serialises appends; held across their write and fsync, which the state lock {@code lock} never is. */
    private final ReentrantLock appendLock = new ReentrantLock();

    private final Condition room = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final Condition drainedSome = lock.newCondition();
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private FileChannel active;
    /** The segment an append is writing to: never deleted meanwhile, even when the drainer emptied it. */
    private Segment appendingTo;

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
            files = list.filter(p -> p.getFileName().toString().endsWith(".seg"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            SegmentFile.recover(file, listener).ifPresent(segment -> {
                spool.segments.addLast(segment);
                spool.bytes += segment.size;
                spool.records += segment.records;
            });
        }
        if (!spool.segments.isEmpty()) {
            spool.readOffset = SegmentFile.HEADER_BYTES;
            log.info(
                    "Spool in {} holds {} record(s) in {} segment(s), {} bytes; they are drained before new data",
                    dir,
                    spool.records,
                    spool.segments.size(),
                    spool.bytes);
        }
        return spool;
    }

    /** True if the payloads fit now; an empty spool takes anything, so an oversized batch cannot stick. */
    public boolean hasRoomFor(List<byte[]> payloads) {
        return locked(
                () -> records == 0 || bytes + SegmentFile.sizeOf(payloads) + SegmentFile.HEADER_BYTES <= maxBytes);
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
     * request of the batch shares it). They are durable when this returns. Appends are serialised
     * by a lock of their own; the lock that guards the spool's state (which {@code /health}, the
     * drainer and producers checking for room take) is not held during the write and the fsync.
     */
    public void append(List<byte[]> payloads) throws IOException {
        if (payloads.isEmpty()) {
            return;
        }
        appendLock.lock();
        try {
            long started = System.nanoTime();
            long size = SegmentFile.sizeOf(payloads);
            Segment tail;
            FileChannel channel;
            lock.lock();
            try {
                if (closed) {
                    throw new IOException("spool is closed");
                }
                tail = segments.peekLast();
                boolean fits =
                        active != null && tail != null && (tail.size + size <= segmentBytes || tail.records == 0);
                appendingTo = fits ? tail : null;
                channel = active;
            } finally {
                lock.unlock();
            }
            if (appendingTo == null) {
                tail = startSegment();
                channel = activeChannel();
            }
            ByteBuffer[] buffers = new ByteBuffer[payloads.size()];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = SegmentFile.record(payloads.get(i));
            }
            // Only appenders move tail.size, and they hold appendLock: it is stable here.
            long position = tail.size;
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
            }
            channel.force(false);
            lock.lock();
            try {
                if (records == 0) {
                    headReceivedAt = RequestCodec.receivedAt(payloads.get(0));
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
        } finally {
            lock.lock();
            try {
                appendingTo = null;
            } finally {
                lock.unlock();
            }
            appendLock.unlock();
        }
    }

    /**
     * Starts the next segment (only this process appends, only to its own) and makes it the one
     * being appended to; the file is created and synced before the spool's state lock is taken.
     */
    private Segment startSegment() throws IOException {
        Segment last;
        lock.lock();
        try {
            last = segments.peekLast();
        } finally {
            lock.unlock();
        }
        UUID generation = last == null ? UUID.randomUUID() : last.generation;
        long number = last == null ? 1 : last.number + 1;
        Path path = dir.resolve(SegmentFile.fileName(number));
        FileChannel channel = SegmentFile.create(path, generation, number);
        Segment segment = new Segment(number, generation, path, SegmentFile.HEADER_BYTES, 0);
        FileChannel previous;
        lock.lock();
        try {
            previous = active;
            active = channel;
            segments.addLast(segment);
            bytes += SegmentFile.HEADER_BYTES;
            appendingTo = segment;
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            previous.close();
        }
        return segment;
    }

    private FileChannel activeChannel() {
        return locked(() -> active);
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
    public SpoolChunk read(int maxBytesToRead) throws IOException {
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
        List<SegmentFile.Entry> entries = SegmentFile.readEntries(segment.path, from, limit, maxBytesToRead);
        if (entries.isEmpty()) {
            return null;
        }
        lock.lock();
        try {
            headReceivedAt = RequestCodec.receivedAt(entries.get(0).payload());
        } finally {
            lock.unlock();
        }
        return new SpoolChunk(segment.generation, segment.number, entries);
    }

    /** Marks a chunk as stored in the database; deletes segments that are now fully drained. */
    public void drained(SpoolChunk chunk) throws IOException {
        lock.lock();
        try {
            Segment head = segments.peekFirst();
            if (head == null || head.number != chunk.segment() || readOffset > chunk.end()) {
                return;
            }
            readOffset = chunk.end();
            records -= chunk.entries().size();
            while (head != null
                    && head != appendingTo
                    && readOffset >= head.size
                    && (segments.size() > 1 || records == 0)) {
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
        return locked(() -> records > 0);
    }

    public long bytes() {
        return locked(() -> bytes);
    }

    public long records() {
        return locked(() -> records);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Arrival time of the oldest record not yet drained (as of the last chunk read), or null. */
    public Instant oldestReceivedAt() {
        return locked(() -> records == 0 ? null : headReceivedAt);
    }

    int segmentCount() {
        return locked(() -> segments.size());
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
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
        } finally {
            lock.unlock();
        }
        // An append in progress finishes (its fsync included) before the file is closed under it.
        appendLock.lock();
        try {
            lock.lock();
            try {
                if (active != null) {
                    active.close();
                    active = null;
                }
            } finally {
                lock.unlock();
            }
        } finally {
            appendLock.unlock();
        }
    }
}
