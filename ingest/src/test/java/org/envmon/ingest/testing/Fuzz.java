package org.envmon.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Seeded random cases for the decoder fuzz tests, without a property-testing library. Each case has
 * its own seed, named in the failure message. {@code -Denvmon.fuzz.seed=S} replays exactly case S;
 * {@code -Denvmon.fuzz.cases=N} runs N cases per property instead of the suite's bounded default
 * (the longer run: {@code mvn verify -pl ingest -Dtest='*FuzzTest' -Denvmon.fuzz.cases=20000}).
 */
public final class Fuzz {
    private static final long BASE_SEED = 8_212_2017L;
    /** A case that takes longer than this is a hang: no input of a few KiB needs that long. */
    private static final Duration PER_CASE = Duration.ofSeconds(10);
    private static final byte[] INTERESTING = {0, -1, 0x7F, (byte) 0x80, (byte) 0xC0, '#', '{', '"', '\r', '\n', ';',
            '&', '=', 0x10, 0x30, 0x32, (byte) 0xE0};

    private Fuzz() {
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
            assertTimeoutPreemptively(PER_CASE, () -> body.accept(new Random(seed)), () -> replay + ": hang");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(replay + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checked-in nasty inputs of one kind ({@code mqtt}, {@code json}, {@code hj212}) from
     * src/test/resources/fuzz-corpus, by file name; each runs under {@code property} with the file
     * name in the failure message.
     */
    public static void forEachCorpusFile(String kind, BiConsumer<Random, byte[]> body) {
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
        for (Path file : files) {
            try {
                byte[] input = Files.readAllBytes(file);
                assertTimeoutPreemptively(PER_CASE, () -> body.accept(new Random(input.length), input),
                        () -> "corpus file " + file.getFileName() + ": hang");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("corpus file " + kind + "/" + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
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
