package org.envmon.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Seeded random cases for the decoder fuzz tests, without a property-testing library. Each case has
 * its own seed, named in the failure message. {@code -Denvmon.fuzz.seed=S} replays exactly case S;
 * {@code -Denvmon.fuzz.cases=N} runs N cases per property instead of the suite's bounded default.
 * The long run is the {@code fuzz} profile of the ingest module:
 * {@code mvn -B -pl ingest -am -Pfuzz test} runs only the *FuzzTest classes with 100 000 cases per
 * property (override with {@code -Denvmon.fuzz.cases=N}). Every case also checks its heap
 * allocation against an {@link AllocationBudget}.
 */
public final class Fuzz {
    private static final long BASE_SEED = 8_212_2017L;
    /** A case that takes longer than this is a hang: no input of a few KiB needs that long. */
    private static final Duration PER_CASE = Duration.ofSeconds(10);

    private static final byte[] INTERESTING = {
        0, -1, 0x7F, (byte) 0x80, (byte) 0xC0, '#', '{', '"', '\r', '\n', ';', '&', '=', 0x10, 0x30, 0x32, (byte) 0xE0
    };

    private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();
    private static ExecutorService fuzzThread = newFuzzThread();
    private static volatile boolean warming;

    private Fuzz() {}

    private static com.sun.management.ThreadMXBean allocationCounter() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM cannot count a thread's allocated bytes; the fuzz tests need it");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    public static void forEachCase(String property, int defaultCases, Consumer<Random> body) {
        String replay = System.getProperty("envmon.fuzz.seed");
        if (replay != null) {
            run(property, Long.parseLong(replay), body);
            return;
        }
        int cases = Integer.getInteger("envmon.fuzz.cases", defaultCases);
        for (int i = 0; i < cases; i++) {
            run(property, BASE_SEED + i, body);
        }
    }

    private static void run(String property, long seed, Consumer<Random> body) {
        String replay = "'" + property + "' failed for seed " + seed + " (replay: -Denvmon.fuzz.seed=" + seed + ")";
        try {
            onFuzzThread(twice(() -> body.accept(new Random(seed))), PER_CASE, () -> replay + ": hang");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(replay + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code body} on the one fuzz thread, failing with {@code hang} when it takes longer than
     * {@code limit}. One long-lived thread rather than a new one per case (as JUnit's
     * assertTimeoutPreemptively does), so that thread-local caches (Jackson's buffer recycler,
     * Netty's per-thread maps) fill once instead of in every measured case.
     */
    private static synchronized void onFuzzThread(Runnable body, Duration limit, Supplier<String> hang) {
        Future<?> running = fuzzThread.submit(body);
        try {
            running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            fuzzThread.shutdownNow();
            fuzzThread = newFuzzThread();
            throw new AssertionError(hang.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing", e);
        }
    }

    private static ExecutorService newFuzzThread() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fuzz");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs one hand-made case on the fuzz thread, twice like the random ones, failing on a hang. */
    public static void single(String what, Runnable body) {
        try {
            onFuzzThread(twice(body), PER_CASE, () -> what + ": hang");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a case twice, the first time as a warm-up whose allocation is neither asserted nor
     * counted. The first pass through a code path loads classes and fills lazily built caches
     * (Jackson's serializers, Netty's per-thread maps), costing up to a megabyte once per JVM; no
     * later input pays it again, so only the second, identical pass says what the input costs.
     * (Its blind spot: something allocated only the first time an input is seen.)
     */
    private static Runnable twice(Runnable body) {
        return () -> {
            warming = true;
            try {
                body.run();
            } finally {
                warming = false;
            }
            body.run();
        };
    }

    /**
     * An allocator for the pipelines under test whose buffers are all plain heap arrays, so that
     * {@link #allocatedBytes} sees them. Netty's default (4.2: the adaptive allocator, direct by
     * default) is pooled and off-heap: pooled chunks are allocated once and then reused, and direct
     * memory is not heap, so neither would show what a decoder asks for. Direct requests
     * (ioBuffer, directBuffer) get heap too.
     */
    public static ByteBufAllocator heapOnlyAllocator() {
        return new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
    }

    /** Heap bytes the calling thread allocates while running {@code body}. */
    public static long allocatedBytes(Runnable body) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * The property "no allocation beyond the configured limits", measured: the heap bytes the
     * thread running a case allocates must stay within {@code perInputByte} × input length + the
     * configured limit (largest packet, frame or payload the decoder may hold) + {@code fixed}.
     * A decoder that trusted a declared length, or buffered without bound, allocates in proportion
     * to what the input claims or to everything it has sent, and exceeds it. HotSpot counts a
     * thread's heap allocation exactly, TLAB included; off-heap memory (direct buffers) it does not
     * see, so the pipelines under test allocate their Netty buffers on the heap.
     */
    public static final class AllocationBudget {
        private final String what;
        private final long perInputByte;
        private final long configuredLimit;
        private final long fixed;
        private long cases;
        private long maxAllocated;
        private long maxInputOfMax;
        private long boundOfMax;
        private double maxShareOfBound;

        public AllocationBudget(String what, long perInputByte, long configuredLimit, long fixed) {
            this.what = what;
            this.perInputByte = perInputByte;
            this.configuredLimit = configuredLimit;
            this.fixed = fixed;
        }

        public long bound(long inputLength) {
            return perInputByte * inputLength + configuredLimit + fixed;
        }

        /** Runs {@code body}, which feeds {@code inputLength} bytes, and asserts its allocation is within the bound. */
        public long check(long inputLength, Runnable body) {
            return check(inputLength, bound(inputLength), body);
        }

        /** As {@link #check(long, Runnable)} with the caller's bound, for input the decoder must not keep. */
        public long check(long inputLength, long bound, Runnable body) {
            long allocated = allocatedBytes(body);
            if (warming) {
                return allocated;
            }
            synchronized (this) {
                cases++;
                if (allocated > maxAllocated) {
                    maxAllocated = allocated;
                    maxInputOfMax = inputLength;
                    boundOfMax = bound;
                }
                maxShareOfBound = Math.max(maxShareOfBound, (double) allocated / bound);
            }
            assertThat(allocated)
                    .as(
                            "%s: bytes allocated for %d input bytes (bound %d; per input byte %d, limit %d, "
                                    + "fixed %d)",
                            what, inputLength, bound, perInputByte, configuredLimit, fixed)
                    .isLessThanOrEqualTo(bound);
            return allocated;
        }

        /** The figures so far, for the test log. */
        public synchronized String summary() {
            return String.format(
                    "%s: %d cases, most allocated %d bytes (input %d bytes, bound %d); "
                            + "highest share of the bound %.0f %%",
                    what, cases, maxAllocated, maxInputOfMax, boundOfMax, maxShareOfBound * 100);
        }
    }

    /**
     * The checked-in nasty inputs of one kind ({@code mqtt}, {@code json}, {@code hj212}) from
     * src/test/resources/fuzz-corpus, by file name; each runs under {@code property} with the file
     * name in the failure message.
     */
    public static void forEachCorpusFile(String kind, BiConsumer<Random, byte[]> body) {
        for (Path file : corpusFiles(kind)) {
            try {
                byte[] input = Files.readAllBytes(file);
                onFuzzThread(
                        twice(() -> body.accept(new Random(input.length), input)),
                        PER_CASE,
                        () -> "corpus file " + file.getFileName() + ": hang");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("corpus file " + kind + "/" + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The contents of the corpus files of one kind, for a warm-up. */
    public static List<byte[]> corpus(String kind) {
        List<byte[]> inputs = new ArrayList<>();
        for (Path file : corpusFiles(kind)) {
            try {
                inputs.add(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return inputs;
    }

    private static List<Path> corpusFiles(String kind) {
        Path dir;
        try {
            dir = Path.of(Fuzz.class.getResource("/fuzz-corpus/" + kind).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("corpus " + kind).isNotEmpty();
        return files;
    }

    /** Applies 1–6 random mutations: bit flips, byte overwrites, inserts, deletes, duplications, truncation. */
    public static byte[] mutate(Random random, byte[] input) {
        byte[] bytes = input;
        int mutations = 1 + random.nextInt(6);
        for (int m = 0; m < mutations; m++) {
            bytes = mutateOnce(random, bytes);
        }
        return bytes;
    }

    private static byte[] mutateOnce(Random random, byte[] bytes) {
        if (bytes.length == 0) {
            return randomBytes(random, 1 + random.nextInt(16));
        }
        int at = random.nextInt(bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(7)) {
            case 0 -> {
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) (1 << random.nextInt(8));
                return copy;
            }
            case 1 -> {
                byte[] copy = bytes.clone();
                copy[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                return copy;
            }
            case 2 -> {
                out.write(bytes, 0, at);
                out.writeBytes(randomBytes(random, 1 + random.nextInt(8)));
                out.write(bytes, at, bytes.length - at);
            }
            case 3 -> {
                int length = Math.min(bytes.length - at, 1 + random.nextInt(8));
                out.write(bytes, 0, at);
                out.write(bytes, at + length, bytes.length - at - length);
            }
            case 4 -> {
                int length = Math.min(bytes.length - at, 1 + random.nextInt(32));
                out.write(bytes, 0, at + length);
                out.write(bytes, at, bytes.length - at);
            }
            case 5 -> out.write(bytes, 0, at);
            default -> {
                byte[] copy = bytes.clone();
                int length = Math.min(copy.length - at, 4);
                for (int i = 0; i < length; i++) {
                    copy[at + i] = (byte) 0xFF;
                }
                return copy;
            }
        }
        return out.toByteArray();
    }

    public static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Splits {@code input} at random points, as TCP may deliver it. */
    public static List<byte[]> chunks(Random random, byte[] input) {
        List<byte[]> chunks = new ArrayList<>();
        int offset = 0;
        while (offset < input.length) {
            int remaining = input.length - offset;
            int size = random.nextInt(4) == 0 ? remaining : 1 + random.nextInt(Math.min(remaining, 64));
            byte[] chunk = new byte[size];
            System.arraycopy(input, offset, chunk, 0, size);
            chunks.add(chunk);
            offset += size;
        }
        return chunks;
    }
}
