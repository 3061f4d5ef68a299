package org.envmon.ingest.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.envmon.ingest.hj212.Hj212TestVectors.V1;
import static org.envmon.ingest.hj212.Hj212TestVectors.V2;
import static org.envmon.ingest.hj212.Hj212TestVectors.V3;
import static org.envmon.ingest.hj212.Hj212TestVectors.V4;
import static org.envmon.ingest.hj212.Hj212TestVectors.buffer;
import static org.envmon.ingest.hj212.Hj212TestVectors.crcOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.drain;
import static org.envmon.ingest.hj212.Hj212TestVectors.errorsOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.framesOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.segmentOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.text;
import static org.envmon.ingest.hj212.Hj212TestVectors.utf8;
import static org.envmon.ingest.hj212.Hj212TestVectors.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class Hj212FramingTest {
    static final List<String> VECTORS = Hj212TestVectors.ALL;

    /** A dust upload with an Info text in Chinese: 4 characters, 12 UTF-8 bytes. */
    private static final String CHINESE_SEGMENT = "QN=20240601100015000;ST=39;CN=2011;PW=123456;"
            + "MN=010000A8900016F000169DC1;Flag=4;CP=&&DataTime=20240601100000;"
            + "a34001-Rtd=215.3,a34001-Flag=N,a34001-Info=扬尘监测&&";

    // ---- single frames ----

    @ParameterizedTest
    @FieldSource("VECTORS")
    void next_vectorWithCrLf_yieldsExactlyOneFrameWithSegmentCrcAndRaw(String vector) {
        ByteBuf in = buffer(wire(vector));

        Optional<Object> first = Hj212Framing.next(in, false);

        assertThat(first).get().isInstanceOf(Hj212Frame.class);
        Hj212Frame frame = (Hj212Frame) first.get();
        assertThat(frame.segment()).isEqualTo(utf8(segmentOf(vector)));
        assertThat(frame.segmentText()).isEqualTo(segmentOf(vector));
        assertThat(frame.crcText()).isEqualTo(crcOf(vector));
        assertThat(frame.raw()).isEqualTo(wire(vector));
        assertThat(frame.charCountLength()).isFalse();
        assertThat(in.readableBytes()).isZero();
        assertThat(Hj212Framing.next(in, false)).isEmpty();
        assertThat(Hj212Framing.next(in, true)).isEmpty();
    }

    @Test
    void next_fourVectorsInOneBuffer_yieldsFourFramesInOrder() {
        ByteBuf in = buffer(concat(wire(V1), wire(V2), wire(V3), wire(V4)));

        List<Object> results = drain(in, false);

        assertThat(results).allMatch(Hj212Frame.class::isInstance);
        assertThat(framesOf(results))
                .extracting(Hj212Frame::segmentText)
                .containsExactly(segmentOf(V1), segmentOf(V2), segmentOf(V3), segmentOf(V4));
        assertThat(framesOf(results)).extracting(Hj212Frame::crcText).containsExactly("1C80", "DC41", "0CC0", "D4C1");
        assertThat(in.readableBytes()).isZero();
    }

    // ---- garbage and resynchronisation ----

    @Test
    void next_garbageBeforeFrame_reportsTheGarbageThenTheFrame() {
        List<Object> results = drain(buffer(concat(utf8("GARBAGE!"), wire(V1))), false);

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(Hj212FramingError.class, error -> {
            assertThat(text(error.raw())).isEqualTo("GARBAGE!");
            assertThat(error.reason()).contains("outside a frame");
        });
        assertThat(results.get(1))
                .isInstanceOfSatisfying(
                        Hj212Frame.class,
                        frame -> assertThat(frame.segmentText()).isEqualTo(segmentOf(V1)));
    }

    @Test
    void next_garbageBetweenFrames_reportsTheGarbageAndResynchronisesOnNextMarker() {
        List<Object> results = drain(buffer(concat(wire(V1), utf8("noise 1C80;CN=2011"), wire(V2))), false);

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isInstanceOf(Hj212Frame.class);
        assertThat(results.get(1))
                .isInstanceOfSatisfying(
                        Hj212FramingError.class,
                        error -> assertThat(text(error.raw())).isEqualTo("noise 1C80;CN=2011"));
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V1), segmentOf(V2));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void next_garbageAfterLastFrame_reportsTheGarbage(boolean endOfInput) {
        ByteBuf in = buffer(concat(wire(V3), utf8("trailing junk")));

        List<Object> results = drain(in, endOfInput);

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOf(Hj212Frame.class);
        assertThat(results.get(1))
                .isInstanceOfSatisfying(
                        Hj212FramingError.class,
                        error -> assertThat(text(error.raw())).isEqualTo("trailing junk"));
        assertThat(in.readableBytes()).isZero();
    }

    @Test
    void next_runOfHashes_oneErrorThenTheFrame() {
        List<Object> results = drain(buffer(concat(utf8("#".repeat(4000)), wire(V3))), false);

        assertThat(errorsOf(results)).hasSize(1);
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V3));
    }

    @Test
    void nextMergingErrors_garbageDenseWithMarkers_oneErrorCappedAtMaxFrameThenTheFrame() {
        ByteBuf in = buffer(concat(utf8("##a".repeat(2000)), wire(V3)));
        List<Object> results = new ArrayList<>();
        Optional<Object> next;
        while ((next = Hj212Framing.nextMergingErrors(in, false)).isPresent()) {
            results.add(next.get());
        }

        assertThat(errorsOf(results)).singleElement().satisfies(error -> {
            assertThat(error.raw()).hasSize(Hj212Framing.MAX_FRAME);
            assertThat(error.reason()).contains("more framing error(s)");
        });
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V3));
    }

    @Test
    void next_garbageWithSingleHashes_isGarbageUpToTheDoubleHash() {
        List<Object> results = drain(buffer(concat(utf8("#x#y #z"), wire(V3))), false);

        assertThat(errorsOf(results)).extracting(error -> text(error.raw())).containsExactly("#x#y #z");
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V3));
    }

    @Test
    void next_garbageEndingInHash_keepsTheHashUntilTheNextWrite() {
        byte[] frame = wire(V3);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(utf8("junk#"));

        List<Object> first = drain(in, false);
        in.writeBytes(frame, 1, frame.length - 1);
        List<Object> second = drain(in, false);

        assertThat(first).hasSize(1);
        assertThat(errorsOf(first)).extracting(error -> text(error.raw())).containsExactly("junk");
        assertThat(second).hasSize(1);
        assertThat(framesOf(second)).extracting(Hj212Frame::raw).containsExactly(frame);
    }

    @Test
    void next_whitespaceOnly_isConsumedSilently() {
        ByteBuf in = buffer("\r\n \r\n\r\n");

        assertThat(Hj212Framing.next(in, false)).isEmpty();
        assertThat(in.readableBytes()).isZero();
    }

    @Test
    void next_spaceBetweenFrames_isTolerated() {
        List<Object> results = drain(buffer(V3 + " " + V3 + "\r\n"), false);

        assertThat(results).hasSize(2).allMatch(Hj212Frame.class::isInstance);
    }

    // ---- line ends ----

    @Test
    void next_missingCr_framesStillCut() {
        List<Object> results = drain(buffer(V1 + "\n" + V2 + "\n"), false);

        assertThat(results).allMatch(Hj212Frame.class::isInstance);
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V1), segmentOf(V2));
        assertThat(framesOf(results).get(0).raw()).isEqualTo(utf8(V1 + "\n"));
    }

    @Test
    void next_missingLf_framesStillCut() {
        List<Object> results = drain(buffer(V1 + "\r" + V2 + "\r"), false);

        assertThat(results).allMatch(Hj212Frame.class::isInstance);
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V1), segmentOf(V2));
        assertThat(framesOf(results).get(1).raw()).isEqualTo(utf8(V2 + "\r"));
    }

    @Test
    void next_missingBothLineEndsBetweenFrames_framesStillCut() {
        List<Object> results = drain(buffer(V1 + V2 + V3), false);

        assertThat(results).allMatch(Hj212Frame.class::isInstance);
        assertThat(framesOf(results)).extracting(Hj212Frame::raw).containsExactly(utf8(V1), utf8(V2), utf8(V3));
    }

    @Test
    void next_frameWithoutLineEndAtEndOfBuffer_isReturnedImmediately() {
        ByteBuf in = buffer(V4);

        Optional<Object> result = Hj212Framing.next(in, false);

        assertThat(result).get().isInstanceOfSatisfying(Hj212Frame.class, frame -> {
            assertThat(frame.segmentText()).isEqualTo(segmentOf(V4));
            assertThat(frame.crcText()).isEqualTo("D4C1");
            assertThat(frame.raw()).isEqualTo(utf8(V4));
        });
        assertThat(in.readableBytes()).isZero();
    }

    @Test
    void next_lowerCaseCrc_isKeptAsSent() {
        String lower = V3.substring(0, V3.length() - 4) + "0cc0";

        List<Object> results = drain(buffer(lower + "\r\n"), false);

        assertThat(framesOf(results)).singleElement().satisfies(frame -> {
            assertThat(frame.crcText()).isEqualTo("0cc0");
            assertThat(frame.segmentText()).isEqualTo(segmentOf(V3));
        });
    }

    // ---- TCP splits ----

    @ParameterizedTest
    @FieldSource("VECTORS")
    void next_vectorSplitAtEveryPosition_yieldsTheSameFrame(String vector) {
        byte[] whole = wire(vector);
        Hj212Frame expected =
                (Hj212Frame) Hj212Framing.next(buffer(whole), false).orElseThrow();

        for (int split = 1; split < whole.length; split++) {
            List<Object> results = splitDelivery(whole, split);

            assertThat(results)
                    .as("split after byte %d", split)
                    .singleElement()
                    .isInstanceOfSatisfying(Hj212Frame.class, frame -> assertSameFrame(frame, expected));
        }
    }

    @Test
    void next_charCountedFrameSplitAtEveryPosition_yieldsTheSameFrame() {
        byte[] whole = charCountedWire(CHINESE_SEGMENT);
        Hj212Frame expected =
                (Hj212Frame) Hj212Framing.next(buffer(whole), false).orElseThrow();

        for (int split = 1; split < whole.length; split++) {
            List<Object> results = splitDelivery(whole, split);

            assertThat(results)
                    .as("split after byte %d", split)
                    .singleElement()
                    .isInstanceOfSatisfying(Hj212Frame.class, frame -> assertSameFrame(frame, expected));
        }
    }

    @Test
    void next_incompleteFrame_waitsWithoutConsuming() {
        byte[] whole = wire(V2);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(whole, 0, whole.length - 10);

        assertThat(Hj212Framing.next(in, false)).isEmpty();
        assertThat(in.readerIndex()).isZero();
        assertThat(in.readableBytes()).isEqualTo(whole.length - 10);
    }

    @Test
    void next_incompleteFrameAtEndOfInput_isAnErrorCarryingItsBytes() {
        byte[] whole = wire(V2);
        byte[] partial = Arrays.copyOf(whole, whole.length - 10);
        ByteBuf in = buffer(partial);

        Optional<Object> result = Hj212Framing.next(in, true);

        assertThat(result)
                .get()
                .isInstanceOfSatisfying(
                        Hj212FramingError.class,
                        error -> assertThat(error.raw()).isEqualTo(partial));
        assertThat(in.readableBytes()).isZero();
    }

    @Test
    void next_truncatedHeader_waitsThenIsAnErrorAtEndOfInput() {
        ByteBuf in = buffer("##01");

        assertThat(Hj212Framing.next(in, false)).isEmpty();
        Optional<Object> atEnd = Hj212Framing.next(in, true);

        assertThat(atEnd).get().isInstanceOfSatisfying(Hj212FramingError.class, error -> {
            assertThat(error.reason()).contains("truncated");
            assertThat(text(error.raw())).isEqualTo("##01");
        });
        assertThat(in.readableBytes()).isZero();
    }

    // ---- bad length fields ----

    @ParameterizedTest
    @ValueSource(strings = {"01a1", "0x65", "01 1", "-101"})
    void next_lengthFieldNotFourDigits_isAnErrorAndTheNextFrameIsFound(String lengthField) {
        byte[] bad = utf8("##" + lengthField + segmentOf(V1) + "1C80\r\n");

        List<Object> results = drain(buffer(concat(bad, wire(V3))), false);

        assertThat(errorsOf(results)).isNotEmpty();
        assertThat(errorsOf(results).get(0).reason())
                .contains("'" + lengthField + "'")
                .contains("not 4 digits");
        assertThat(concat(errorsOf(results).stream().map(Hj212FramingError::raw).toArray(byte[][]::new)))
                .isEqualTo(bad);
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V3));
        assertThat(results.get(results.size() - 1)).isInstanceOf(Hj212Frame.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 2000, 9999})
    void next_declaredLengthOver1024_isAnErrorAndTheNextFrameIsFound(int declared) {
        String segment = "x".repeat(Math.min(declared, 1100));
        byte[] bad = utf8(String.format("##%04d", declared) + segment + "ABCD\r\n");

        List<Object> results = drain(buffer(concat(bad, wire(V3))), false);

        assertThat(errorsOf(results)).isNotEmpty();
        assertThat(errorsOf(results).get(0).reason())
                .contains(String.valueOf(declared))
                .contains("1024");
        assertThat(framesOf(results)).extracting(Hj212Frame::segmentText).containsExactly(segmentOf(V3));
    }

    // ---- lengths the field gets wrong, while the CRC and the line end delimit the frame ----

    @ParameterizedTest
    @ValueSource(ints = {435, 431, 439, 0})
    void next_wrongDeclaredLengthButCrcAndLineEndDelimit_frameTakenAsLengthMismatch(int declared) {
        String segment = segmentOfLength(433);
        byte[] sent = withDeclaredLength(segment, declared);

        List<Object> results = drain(buffer(concat(sent, wire(V3))), false);

        assertThat(errorsOf(results)).isEmpty();
        assertThat(framesOf(results)).hasSize(2);
        assertThat(framesOf(results).get(0)).satisfies(frame -> {
            assertThat(frame.segmentText()).isEqualTo(segment);
            assertThat(frame.crcText()).isEqualTo(standardCrc(segment));
            assertThat(frame.quirks()).containsExactly(Hj212Quirk.LENGTH_MISMATCH);
            assertThat(frame.raw()).isEqualTo(sent);
        });
        assertThat(framesOf(results).get(1).quirks()).isEmpty();
    }

    @Test
    void next_lengthCountingCrcAndLineEnd_frameTakenAsLengthMismatch() {
        String segment = segmentOf(V3);
        byte[] sent = withDeclaredLength(segment, utf8(segment).length + 6);

        List<Object> results = drain(buffer(sent), false);

        assertThat(results).singleElement().isInstanceOfSatisfying(Hj212Frame.class, frame -> {
            assertThat(frame.segmentText()).isEqualTo(segment);
            assertThat(frame.quirks()).containsExactly(Hj212Quirk.LENGTH_MISMATCH);
        });
    }

    @Test
    void next_wrongLengthSplitAtEveryPosition_waitsForTheLineEndAndYieldsTheSameFrame() {
        String segment = segmentOf(V3);
        byte[] sent = withDeclaredLength(segment, utf8(segment).length + 6);

        for (int split = 1; split < sent.length; split++) {
            List<Object> results = splitDelivery(sent, split);

            assertThat(errorsOf(results)).as("split at %d", split).isEmpty();
            assertThat(framesOf(results))
                    .as("split at %d", split)
                    .singleElement()
                    .satisfies(frame -> {
                        assertThat(frame.segmentText()).isEqualTo(segment);
                        assertThat(frame.quirks()).containsExactly(Hj212Quirk.LENGTH_MISMATCH);
                    });
        }
    }

    @Test
    void next_threeDigitLength_frameTakenAsThreeDigitLength() {
        String segment = segmentOfLength(433);
        byte[] sent = utf8("##433" + segment + standardCrc(segment) + "\r\n");

        List<Object> results = drain(buffer(concat(sent, wire(V3))), false);

        assertThat(errorsOf(results)).isEmpty();
        assertThat(framesOf(results).get(0)).satisfies(frame -> {
            assertThat(frame.segmentText()).isEqualTo(segment);
            assertThat(frame.quirks()).containsExactly(Hj212Quirk.THREE_DIGIT_LENGTH);
            assertThat(frame.raw()).isEqualTo(sent);
        });
    }

    @Test
    void next_threeDigitWrongLength_frameTakenWithBothQuirks() {
        String segment = segmentOf(V3);
        byte[] sent = utf8("##999" + segment + standardCrc(segment) + "\r\n");

        List<Object> results = drain(buffer(sent), false);

        assertThat(results)
                .singleElement()
                .isInstanceOfSatisfying(
                        Hj212Frame.class,
                        frame -> assertThat(frame.quirks())
                                .containsExactlyInAnyOrder(Hj212Quirk.THREE_DIGIT_LENGTH, Hj212Quirk.LENGTH_MISMATCH));
    }

    @Test
    void next_wrongLengthAndNoCrcBeforeTheLineEnd_isAnErrorNamingTheLength() {
        String segment = segmentOfLength(433);
        byte[] bad = utf8("##0435" + segment + "\r\n");

        List<Object> results = drain(buffer(concat(bad, wire(V3))), false);

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(Hj212FramingError.class, error -> {
            assertThat(error.reason()).contains("length 0435 but no 4-digit CRC before the line end");
            assertThat(error.raw()).isEqualTo(bad);
        });
        assertThat(results.get(1)).isInstanceOf(Hj212Frame.class);
    }

    @Test
    void next_wrongLengthAndNoLineEndWithinMaxFrame_isAnErrorCappedAtMaxFrame() {
        ByteBuf in = buffer("##0010" + "x".repeat(2000));

        Optional<Object> result = Hj212Framing.next(in, false);

        assertThat(result).get().isInstanceOfSatisfying(Hj212FramingError.class, error -> {
            assertThat(error.reason()).contains("0010");
            assertThat(error.raw()).hasSize(Hj212Framing.MAX_FRAME);
        });
        assertThat(in.readerIndex()).isEqualTo(Hj212Framing.MAX_FRAME);
    }

    // ---- UTF-8 and character-counted lengths ----

    @Test
    void next_chineseTextWithLengthInCharacters_isAcceptedAsCharCounted() {
        byte[] whole = charCountedWire(CHINESE_SEGMENT);

        List<Object> results = drain(buffer(whole), false);

        assertThat(results).singleElement().isInstanceOfSatisfying(Hj212Frame.class, frame -> {
            assertThat(frame.charCountLength()).isTrue();
            assertThat(frame.segment()).isEqualTo(utf8(CHINESE_SEGMENT));
            assertThat(frame.segmentText()).isEqualTo(CHINESE_SEGMENT);
            assertThat(frame.crcText()).isEqualTo(standardCrc(CHINESE_SEGMENT));
            assertThat(frame.raw()).isEqualTo(whole);
        });
    }

    @Test
    void next_chineseTextWithLengthInBytes_isAcceptedAsByteCounted() {
        byte[] whole = Hj212Answers.frame(CHINESE_SEGMENT);

        List<Object> results = drain(buffer(whole), false);

        assertThat(text(whole)).startsWith(String.format("##%04d", utf8(CHINESE_SEGMENT).length));
        assertThat(results).singleElement().isInstanceOfSatisfying(Hj212Frame.class, frame -> {
            assertThat(frame.charCountLength()).isFalse();
            assertThat(frame.segmentText()).isEqualTo(CHINESE_SEGMENT);
            assertThat(frame.raw()).isEqualTo(whole);
        });
    }

    @Test
    void next_charCountedFrameFollowedByVector_yieldsBothFrames() {
        List<Object> results = drain(buffer(concat(charCountedWire(CHINESE_SEGMENT), wire(V3))), false);

        assertThat(framesOf(results))
                .extracting(Hj212Frame::segmentText, Hj212Frame::charCountLength)
                .containsExactly(tuple(CHINESE_SEGMENT, true), tuple(segmentOf(V3), false));
        assertThat(errorsOf(results)).isEmpty();
    }

    // ---- regressions ----

    @Test
    void next_charCountedFrameSplitRightAfterByteCountPosition_waitsAndCutsWholeFrame() {
        String segment = "QN=20240601100015000;ST=39;CN=2011;PW=123456;MN=010000A8900016F000169DC1;Flag=4;"
                + "CP=&&DataTime=20240601100000;a34001-Info=扬尘仪;a01008-Rtd=1350&&";
        byte[] wire = charCountedWire(segment);
        int split = 6 + utf8(segment).length - 6;

        List<Object> results = splitDelivery(wire, split);

        assertThat(errorsOf(results)).isEmpty();
        assertThat(framesOf(results)).singleElement().satisfies(frame -> {
            assertThat(text(frame.segment())).isEqualTo(segment);
            assertThat(frame.charCountLength()).isTrue();
        });
    }

    @Test
    void next_singleHashBeforeFrame_reportsOnlyTheHashAndKeepsTheFrame() {
        List<Object> results = drain(buffer(concat(utf8("#"), wire(V3))), false);

        assertThat(framesOf(results)).extracting(frame -> text(frame.segment())).containsExactly(segmentOf(V3));
        assertThat(errorsOf(results))
                .singleElement()
                .satisfies(error -> assertThat(text(error.raw())).isEqualTo("#"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "\u0000"})
    void next_tabOrNulAfterCrc_bothFramesFound(String separator) {
        byte[] first = utf8(V3.replace("\r\n", "") + separator);

        List<Object> results = drain(buffer(concat(first, wire(V3))), false);

        assertThat(framesOf(results)).hasSize(2);
        assertThat(errorsOf(results)).isEmpty();
    }

    // ---- helpers ----

    /** Writes the first {@code split} bytes, drains, writes the rest, drains (a cumulative buffer, as Netty keeps). */
    private static List<Object> splitDelivery(byte[] whole, int split) {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(whole, 0, split);
        List<Object> results = new ArrayList<>(drain(in, false));
        in.writeBytes(whole, split, whole.length - split);
        results.addAll(drain(in, false));
        return results;
    }

    /**
     * Same segment, CRC and length interpretation. The raw bytes may lack the CR LF (or its LF): a frame
     * complete up to its CRC at the end of the buffer is returned at once, and the line end that arrives
     * later is skipped as whitespace.
     */
    private static void assertSameFrame(Hj212Frame actual, Hj212Frame expected) {
        assertThat(actual.segment()).isEqualTo(expected.segment());
        assertThat(actual.crcText()).isEqualTo(expected.crcText());
        assertThat(actual.charCountLength()).isEqualTo(expected.charCountLength());
        assertThat(withoutLineEnd(actual.raw())).isEqualTo(withoutLineEnd(expected.raw()));
    }

    private static String withoutLineEnd(byte[] raw) {
        return text(raw).replaceAll("[\\r\\n]+$", "");
    }

    private static String standardCrc(String segment) {
        byte[] bytes = utf8(segment);
        return Hj212Crc.hex(Hj212Crc.standard(bytes, 0, bytes.length));
    }

    /** A frame whose length field counts characters (as some devices do) while the CRC covers the UTF-8 bytes. */
    private static byte[] charCountedWire(String segment) {
        assertThat(segment.codePointCount(0, segment.length())).isLessThan(utf8(segment).length);
        return utf8(String.format("##%04d", segment.codePointCount(0, segment.length())) + segment
                + standardCrc(segment) + "\r\n");
    }

    private static byte[] withDeclaredLength(String segment, int declared) {
        return utf8(String.format("##%04d", declared) + segment + standardCrc(segment) + "\r\n");
    }

    /** A plausible ASCII segment of exactly {@code length} bytes (padded in an Info field). */
    private static String segmentOfLength(int length) {
        String head = "QN=20240601100000123;ST=21;CN=1062;PW=123456;MN=010000A8900016F000169DC0;Flag=4;"
                + "CP=&&RtdInterval=30;Info=";
        String segment = head + "a".repeat(length - head.length() - 2) + "&&";
        assertThat(utf8(segment)).hasSize(length);
        return segment;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
