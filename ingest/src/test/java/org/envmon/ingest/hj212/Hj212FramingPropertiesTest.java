package org.envmon.ingest.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.envmon.ingest.hj212.Hj212TestVectors.text;
import static org.envmon.ingest.hj212.Hj212TestVectors.utf8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.envmon.ingest.hj212.Hj212Packet.FactorItem;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the HJ 212 codec, driven by a seeded {@link Random} (500 cases per property; no
 * property-testing library is a dependency of this project). Every case has its own seed, printed in the
 * failure message; {@code -Dhj212.seed=S} starts the run at seed S to replay a failing case first.
 */
class Hj212FramingPropertiesTest {
    private static final int CASES = 500;
    private static final long DEFAULT_SEED = 20_172_120L;

    private static final String[] STS = {"21", "22", "23", "31", "32", "39", "91"};
    private static final String[] CNS = {
        "2011", "2051", "2061", "2031", "2041", "2081", "1011", "1013", "1062", "9014", "9015", "2013"
    };
    private static final String[] CODES = {
        "w01001", "w01009", "w01019", "w21003", "w21011", "a34001", "a34002", "a34004", "a01001", "a01007", "LA", "Leq",
        "001", "060", "B01", "a21026"
    };
    private static final String[] SUFFIXES = {
        "Rtd", "Avg", "Min", "Max", "Cou", "Flag", "ZsRtd", "SampleTime", "Info", "SN", "EFlag"
    };
    private static final String[] CP_KEYS = {"RtdInterval", "SystemTime", "RestartTime", "OverTime", "ReCount"};
    private static final String[] TEXTS = {"扬尘", "监测点", "正常", "ok", "设备A-1", "pH计"};
    private static final String FLAGS = "NFMSDCTBP";
    private static final byte[] BIASED_ALPHABET = utf8("##0123456789ABCDEFabcdef\r\n \t\0;=,&-.CPQNSTMWFlagRtd扬尘");

    // ---- properties ----

    @Test
    void next_arbitraryBytesInRandomChunks_neverThrowsAlwaysProgressesAndEndsEmpty() {
        forEachCase("arbitrary bytes", random -> {
            byte[] input = arbitraryInput(random);
            ByteBuf in = Unpooled.buffer();
            int offset = 0;
            while (offset < input.length) {
                int chunk = chunkSize(random, input.length - offset);
                in.writeBytes(input, offset, chunk);
                offset += chunk;
                drainChecked(in, false);
            }
            drainChecked(in, true);

            assertThat(in.readableBytes()).as("bytes left after endOfInput").isZero();
        });
    }

    @Test
    void next_validFramesSplitIntoRandomChunks_yieldsExactlyTheSameFrames() {
        forEachCase("valid frames in random chunks", random -> {
            List<String> segments = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                String segment = randomPacket(random).segment();
                segments.add(segment);
                stream.writeBytes(withLineEnd(Hj212Answers.frame(segment), random));
                stream.writeBytes(utf8(randomWhitespace(random)));
            }
            byte[] input = stream.toByteArray();

            ByteBuf in = Unpooled.buffer();
            List<Object> results = new ArrayList<>();
            int offset = 0;
            while (offset < input.length) {
                int chunk = chunkSize(random, input.length - offset);
                in.writeBytes(input, offset, chunk);
                offset += chunk;
                results.addAll(drainChecked(in, false));
            }
            results.addAll(drainChecked(in, true));

            assertThat(results).as("input %s", printable(input)).allMatch(Hj212Frame.class::isInstance);
            List<Hj212Frame> frames = Hj212TestVectors.framesOf(results);
            assertThat(frames).extracting(Hj212Frame::segmentText).containsExactlyElementsOf(segments);
            assertThat(frames)
                    .extracting(Hj212Frame::crcText)
                    .containsExactlyElementsOf(segments.stream()
                            .map(Hj212FramingPropertiesTest::crc)
                            .toList());
            assertThat(frames).noneMatch(Hj212Frame::charCountLength);
        });
    }

    @Test
    void next_garbageWithoutHashBetweenFrames_isReportedAndEveryFrameFound() {
        forEachCase("garbage between frames", random -> {
            List<String> segments = new ArrayList<>();
            List<String> expectedGarbage = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i <= count; i++) {
                byte[] garbage = garbageWithoutHash(random);
                stream.writeBytes(garbage);
                String reported = latin1(withoutLeadingWhitespace(garbage));
                if (!reported.isEmpty()) {
                    expectedGarbage.add(reported);
                }
                if (i < count) {
                    String segment = randomPacket(random).segment();
                    segments.add(segment);
                    stream.writeBytes(Hj212Answers.frame(segment));
                }
            }
            byte[] input = stream.toByteArray();

            List<Object> results = drainChecked(Hj212TestVectors.buffer(input), true);

            assertThat(Hj212TestVectors.framesOf(results))
                    .as("input %s", printable(input))
                    .extracting(Hj212Frame::segmentText)
                    .containsExactlyElementsOf(segments);
            assertThat(Hj212TestVectors.errorsOf(results))
                    .as("input %s", printable(input))
                    .extracting(error -> latin1(error.raw()))
                    .containsExactlyElementsOf(expectedGarbage);
        });
    }

    @Test
    void encodeFrameParse_generatedPacket_roundTripsEveryField() {
        forEachCase("encode, frame, parse", random -> {
            GeneratedPacket generated = randomPacket(random);
            byte[] wire = Hj212Answers.frame(generated.segment());

            List<Object> results = drainChecked(Hj212TestVectors.buffer(wire), false);

            assertThat(results).singleElement().isInstanceOf(Hj212Frame.class);
            Hj212Frame frame = (Hj212Frame) results.get(0);
            assertThat(frame.raw()).isEqualTo(wire);
            assertThat(frame.segment()).isEqualTo(utf8(generated.segment()));
            assertThat(frame.crcText()).isEqualTo(crc(generated.segment()));
            Hj212Packet packet = parse(frame.segmentText());
            assertThat(packet.qn()).isEqualTo(generated.qn());
            assertThat(packet.st()).isEqualTo(generated.st());
            assertThat(packet.cn()).isEqualTo(generated.cn());
            assertThat(packet.pw()).isEqualTo(generated.pw());
            assertThat(packet.mn()).isEqualTo(generated.mn());
            assertThat(packet.flag()).isEqualTo(generated.flag());
            assertThat(packet.pnum()).isEqualTo(generated.pnum());
            assertThat(packet.pno()).isEqualTo(generated.pno());
            assertThat(packet.dataTime()).isEqualTo(generated.dataTime());
            assertThat(packet.items()).containsExactlyElementsOf(generated.items());
            assertThat(packet.cpFields()).isEqualTo(generated.cpFields());
            assertThat(packet.answerRequested())
                    .isEqualTo(generated.flag().map(f -> (f & 1) == 1).orElse(false));
        });
    }

    @Test
    void dataAnswer_generatedUpload_isAValid9014ForThatUpload() {
        forEachCase("9014 answer", random -> {
            GeneratedPacket generated = randomPacket(random);
            Hj212Packet upload = parse(generated.segment());

            byte[] answer = Hj212Answers.dataAnswer(upload);

            Hj212Frame frame = Hj212TestVectors.frameOf(answer);
            assertThat(frame.crcText()).isEqualTo(crc(frame.segmentText()));
            assertThat(text(answer))
                    .startsWith(String.format("##%04d", frame.segment().length))
                    .endsWith("\r\n");
            Hj212Packet packet = parse(frame.segmentText());
            assertThat(packet.cn()).isEqualTo("9014");
            assertThat(packet.st()).contains("91");
            assertThat(packet.flag()).contains(4);
            assertThat(packet.qn()).isEqualTo(generated.qn());
            assertThat(packet.pw()).isEqualTo(generated.pw());
            assertThat(packet.mn()).isEqualTo(generated.mn());
            assertThat(packet.items()).isEmpty();
            assertThat(packet.cpFields()).isEmpty();
            assertThat(frame.segmentText()).endsWith(";Flag=4;CP=&&&&");
        });
    }

    // ---- the framing invariants every call must keep ----

    /**
     * Drains {@code in}, checking each call: it never throws; a result consumed at least one byte and its raw
     * bytes are what it consumed (after skipped whitespace; an error's capped at {@link Hj212Framing#MAX_FRAME});
     * an empty result with endOfInput leaves nothing, without it holds back at most one maximal frame.
     */
    private static List<Object> drainChecked(ByteBuf in, boolean endOfInput) {
        List<Object> results = new ArrayList<>();
        int maxCalls = in.readableBytes() + 1;
        int calls = 0;
        while (true) {
            assertThat(++calls).as("calls to next() for one drain").isLessThanOrEqualTo(maxCalls);
            int before = in.readerIndex();
            Optional<Object> result = Hj212Framing.next(in, endOfInput);
            int after = in.readerIndex();
            assertThat(after).isGreaterThanOrEqualTo(before);
            if (result.isEmpty()) {
                if (endOfInput) {
                    assertThat(in.readableBytes())
                            .as("unread bytes after an empty result at end of input")
                            .isZero();
                } else {
                    assertThat(in.readableBytes())
                            .as("bytes held back waiting for more")
                            .isLessThanOrEqualTo(Hj212Framing.MAX_FRAME + 2);
                }
                return results;
            }
            assertThat(after).as("a result consumes bytes").isGreaterThan(before);
            byte[] consumed = new byte[after - before];
            in.getBytes(before, consumed);
            byte[] body = withoutLeadingWhitespace(consumed);
            Object value = result.get();
            if (value instanceof Hj212Frame frame) {
                checkFrame(frame, body);
            } else {
                assertThat(value).isInstanceOf(Hj212FramingError.class);
                Hj212FramingError error = (Hj212FramingError) value;
                assertThat(error.reason()).isNotBlank();
                assertThat(error.raw()).isEqualTo(Arrays.copyOf(body, Math.min(body.length, Hj212Framing.MAX_FRAME)));
            }
            results.add(value);
        }
    }

    private static void checkFrame(Hj212Frame frame, byte[] consumedBody) {
        byte[] raw = frame.raw();
        byte[] segment = frame.segment();
        assertThat(raw).isEqualTo(consumedBody);
        String head = latin1(raw, 0, 6);
        assertThat(head).matches("##[0-9]{4}");
        int declared = Integer.parseInt(head.substring(2));
        assertThat(declared).isLessThanOrEqualTo(Hj212Framing.MAX_SEGMENT);
        if (frame.charCountLength()) {
            assertThat(declared).isLessThan(segment.length);
        } else {
            assertThat(declared).isEqualTo(segment.length);
        }
        assertThat(Arrays.copyOfRange(raw, 6, 6 + segment.length)).isEqualTo(segment);
        assertThat(latin1(raw, 6 + segment.length, 4))
                .isEqualTo(frame.crcText())
                .matches("[0-9A-Fa-f]{4}");
        assertThat(latin1(raw, 10 + segment.length, raw.length - 10 - segment.length))
                .matches("\r?\n?");
    }

    // ---- generators ----

    /** A packet and the exact segment text that encodes it. */
    record GeneratedPacket(
            Optional<String> qn,
            Optional<String> st,
            String cn,
            Optional<String> pw,
            String mn,
            Optional<Integer> flag,
            Optional<Integer> pnum,
            Optional<Integer> pno,
            Optional<String> dataTime,
            List<FactorItem> items,
            Map<String, String> cpFields) {

        String segment() {
            StringBuilder s = new StringBuilder();
            qn.ifPresent(v -> s.append("QN=").append(v).append(';'));
            st.ifPresent(v -> s.append("ST=").append(v).append(';'));
            s.append("CN=").append(cn).append(';');
            pw.ifPresent(v -> s.append("PW=").append(v).append(';'));
            s.append("MN=").append(mn).append(';');
            flag.ifPresent(v -> s.append("Flag=").append(v).append(';'));
            pnum.ifPresent(v -> s.append("PNUM=").append(v).append(';'));
            pno.ifPresent(v -> s.append("PNO=").append(v).append(';'));
            s.append("CP=&&");
            List<String> groups = new ArrayList<>();
            dataTime.ifPresent(v -> groups.add("DataTime=" + v));
            cpFields.forEach((k, v) -> groups.add(k + "=" + v));
            StringBuilder factor = new StringBuilder();
            String code = null;
            for (FactorItem item : items) {
                if (!item.code().equals(code) && factor.length() > 0) {
                    groups.add(factor.toString());
                    factor.setLength(0);
                }
                code = item.code();
                if (factor.length() > 0) {
                    factor.append(',');
                }
                factor.append(item.code())
                        .append('-')
                        .append(item.suffix())
                        .append('=')
                        .append(item.value());
            }
            if (factor.length() > 0) {
                groups.add(factor.toString());
            }
            s.append(String.join(";", groups)).append("&&");
            return s.toString();
        }
    }

    private static GeneratedPacket randomPacket(Random random) {
        while (true) {
            GeneratedPacket packet = randomPacket(random, 1 + random.nextInt(12));
            if (utf8(packet.segment()).length <= Hj212Framing.MAX_SEGMENT) {
                return packet;
            }
        }
    }

    private static GeneratedPacket randomPacket(Random random, int maxFactors) {
        Optional<String> qn = maybe(random, 0.85, () -> digits(random, 17));
        Optional<String> st = maybe(random, 0.9, () -> pick(random, STS));
        String cn = random.nextInt(10) == 0 ? digits(random, 4) : pick(random, CNS);
        Optional<String> pw = maybe(random, 0.9, () -> alphanumeric(random, 6));
        String mn = random.nextInt(4) == 0 ? alphanumeric(random, 14) : hex(random, 24);
        Optional<Integer> flag = maybe(random, 0.8, () -> random.nextInt(16));
        boolean split = flag.map(f -> (f & 2) != 0).orElse(false) && random.nextBoolean();
        Optional<Integer> pnum = split ? Optional.of(1 + random.nextInt(9)) : Optional.empty();
        Optional<Integer> pno = pnum.map(n -> 1 + random.nextInt(n));
        Optional<String> dataTime = maybe(random, 0.8, () -> dataTime(random));
        Map<String, String> cpFields = new LinkedHashMap<>();
        int cpCount = random.nextInt(3);
        for (int i = 0; i < cpCount; i++) {
            cpFields.put(pick(random, CP_KEYS), digits(random, 1 + random.nextInt(14)));
        }
        List<FactorItem> items = new ArrayList<>();
        int factors = random.nextInt(maxFactors + 1);
        for (int f = 0; f < factors; f++) {
            String code = pick(random, CODES);
            int suffixes = 1 + random.nextInt(4);
            for (int s = 0; s < suffixes; s++) {
                String suffix = pick(random, SUFFIXES);
                items.add(new FactorItem(code, suffix, valueFor(random, suffix)));
            }
        }
        return new GeneratedPacket(qn, st, cn, pw, mn, flag, pnum, pno, dataTime, items, cpFields);
    }

    private static String valueFor(Random random, String suffix) {
        return switch (suffix) {
            case "Flag" -> String.valueOf(FLAGS.charAt(random.nextInt(FLAGS.length())));
            case "EFlag" -> "E" + random.nextInt(10);
            case "SampleTime" -> dataTime(random);
            case "Info", "SN" -> pick(random, TEXTS);
            default -> decimal(random);
        };
    }

    private static String decimal(Random random) {
        String sign = random.nextInt(8) == 0 ? "-" : "";
        int whole = random.nextInt(2000);
        return switch (random.nextInt(3)) {
            case 0 -> sign + whole;
            case 1 -> sign + whole + "." + digits(random, 1 + random.nextInt(3));
            default -> sign + whole + "." + digits(random, 1) + "E" + random.nextInt(4);
        };
    }

    private static String dataTime(Random random) {
        return String.format(
                "%04d%02d%02d%02d%02d%02d",
                2000 + random.nextInt(30),
                1 + random.nextInt(12),
                1 + random.nextInt(28),
                random.nextInt(24),
                random.nextInt(60),
                random.nextInt(60));
    }

    /** Random bytes of four kinds: uniform, biased to the protocol's alphabet, mutated valid frames, big runs. */
    private static byte[] arbitraryInput(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> randomBytes(random, random.nextInt(1500));
            case 1 -> biasedBytes(random, random.nextInt(2500));
            case 2 -> mutatedFrames(random);
            default -> {
                byte[] big = biasedBytes(random, 1000 + random.nextInt(3000));
                Arrays.fill(big, 0, Math.min(big.length, 1 + random.nextInt(1200)), (byte)
                        (random.nextBoolean() ? 'x' : '#'));
                yield big;
            }
        };
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] biasedBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextInt(10) == 0
                    ? (byte) random.nextInt(256)
                    : BIASED_ALPHABET[random.nextInt(BIASED_ALPHABET.length)];
        }
        return bytes;
    }

    /** Valid frames (some with lengths counting characters) with bytes flipped, inserted, deleted or cut. */
    private static byte[] mutatedFrames(Random random) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String segment = randomPacket(random).segment();
            byte[] frame = random.nextInt(4) == 0
                    ? utf8(String.format("##%04d", segment.codePointCount(0, segment.length())) + segment + crc(segment)
                            + "\r\n")
                    : Hj212Answers.frame(segment);
            stream.writeBytes(withLineEnd(frame, random));
        }
        byte[] bytes = stream.toByteArray();
        int mutations = random.nextInt(6);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (random.nextInt(4)) {
                case 0 -> {
                    bytes[at] = BIASED_ALPHABET[random.nextInt(BIASED_ALPHABET.length)];
                    continue;
                }
                case 1 -> {
                    out.write(bytes, 0, at);
                    out.writeBytes(biasedBytes(random, 1 + random.nextInt(8)));
                    out.write(bytes, at, bytes.length - at);
                }
                case 2 -> {
                    int end = Math.min(bytes.length, at + 1 + random.nextInt(8));
                    out.write(bytes, 0, at);
                    out.write(bytes, end, bytes.length - end);
                }
                default -> out.write(bytes, 0, at);
            }
            bytes = out.toByteArray();
        }
        return bytes;
    }

    private static byte[] garbageWithoutHash(Random random) {
        int length = random.nextInt(3) == 0 ? 0 : random.nextInt(120);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            byte b;
            do {
                b = random.nextBoolean()
                        ? (byte) random.nextInt(256)
                        : BIASED_ALPHABET[random.nextInt(BIASED_ALPHABET.length)];
            } while (b == '#');
            bytes[i] = b;
        }
        return bytes;
    }

    /** The frame as encoded (CR LF), or with only LF, only CR, or no line end. */
    private static byte[] withLineEnd(byte[] frame, Random random) {
        int drop = switch (random.nextInt(6)) {
            case 0 -> 1;
            case 1 -> 2;
            default -> 0;
        };
        if (drop == 0) {
            return frame;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, frame.length - 2);
        if (drop == 1) {
            out.write(random.nextBoolean() ? '\r' : '\n');
        }
        return out.toByteArray();
    }

    private static String randomWhitespace(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\r\n";
            case 2 -> "  \r\n\r\n";
            default -> "";
        };
    }

    /** Mostly small chunks (TCP segments of a few bytes), sometimes large ones. */
    private static int chunkSize(Random random, int remaining) {
        int size = switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextInt(12);
            case 1 -> 1 + random.nextInt(100);
            default -> 1 + random.nextInt(600);
        };
        return Math.min(size, remaining);
    }

    // ---- small helpers ----

    private static void forEachCase(String property, Consumer<Random> body) {
        long first = Long.getLong("hj212.seed", DEFAULT_SEED);
        for (int i = 0; i < CASES; i++) {
            long seed = first + i;
            try {
                body.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        property + ": case " + i + " failed with seed " + seed + " (replay it first with -Dhj212.seed="
                                + seed + "): " + e.getMessage(),
                        e);
            }
        }
    }

    private static Hj212Packet parse(String segment) {
        try {
            return Hj212Parser.parse(segment);
        } catch (Hj212ParseException e) {
            throw new AssertionError("segment does not parse: " + segment, e);
        }
    }

    /** Bytes as ISO-8859-1 text: one char per byte, so equal texts mean equal bytes. */
    private static String latin1(byte[] bytes) {
        return latin1(bytes, 0, bytes.length);
    }

    private static String latin1(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static String crc(String segment) {
        byte[] bytes = utf8(segment);
        return Hj212Crc.hex(Hj212Crc.standard(bytes, 0, bytes.length));
    }

    private static byte[] withoutLeadingWhitespace(byte[] bytes) {
        int i = 0;
        while (i < bytes.length
                && (bytes[i] == '\r' || bytes[i] == '\n' || bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == 0)) {
            i++;
        }
        return Arrays.copyOfRange(bytes, i, bytes.length);
    }

    private static <T> Optional<T> maybe(Random random, double probability, Supplier<T> value) {
        return random.nextDouble() < probability ? Optional.of(value.get()) : Optional.empty();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String digits(Random random, int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static String hex(Random random, int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append("0123456789ABCDEF".charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    private static String alphanumeric(Random random, int count) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String printable(byte[] bytes) {
        String shown = text(bytes)
                .replace("\r", "\\r")
                .replace("\n", "\\n")
                .replace("\0", "\\0")
                .replace("\t", "\\t");
        return shown.length() > 3000 ? shown.substring(0, 3000) + "…" : shown;
    }
}
