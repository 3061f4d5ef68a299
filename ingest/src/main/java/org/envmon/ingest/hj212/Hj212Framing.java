package org.envmon.ingest.hj212;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cuts HJ 212 frames ({@code ##} + 4-digit length + segment + 4 hex CRC + CR LF) out of a byte
 * stream that TCP splits and coalesces arbitrarily. Tolerant where the field is: a missing CR or
 * LF, lower-case CRC, whitespace between frames, and lengths that loggers get wrong — counted in
 * characters instead of UTF-8 bytes, written with 3 digits, or otherwise wrong (e.g. counting the
 * CRC and CR LF) while the CRC and the line end still delimit the frame. Each such frame names its
 * {@link Hj212Quirk}s; its CRC is still checked. Resynchronises on the next {@code ##} after
 * anything else and reports what it skipped. Stateless: all state is the buffer's reader index.
 */
public final class Hj212Framing {
    /** The standard's limit on the data segment. */
    public static final int MAX_SEGMENT = 1024;
    /** {@code ##} + length + segment + CRC + CR LF. */
    public static final int MAX_FRAME = 2 + 4 + MAX_SEGMENT + 4 + 2;

    private static final int HEADER = 6;
    private static final int CRC = 4;

    private Hj212Framing() {}

    /**
     * As {@link #next}, but consecutive errors among the bytes at hand come back as one (its raw
     * bytes capped at {@link #MAX_FRAME}). The connections use this: each error becomes a
     * quarantine row, and garbage dense with {@code ##} would otherwise make a row every few bytes.
     */
    public static Optional<Object> nextMergingErrors(ByteBuf in, boolean endOfInput) {
        Optional<Object> first = next(in, endOfInput);
        if (first.isEmpty() || !(first.get() instanceof Hj212FramingError error)) {
            return first;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(error.raw());
        int more = 0;
        while (true) {
            int mark = in.readerIndex();
            Optional<Object> next = next(in, endOfInput);
            if (next.isEmpty()) {
                break;
            }
            if (!(next.get() instanceof Hj212FramingError following)) {
                in.readerIndex(mark);
                break;
            }
            more++;
            raw.write(following.raw(), 0, Math.min(following.raw().length, MAX_FRAME - raw.size()));
        }
        if (more == 0) {
            return first;
        }
        return Optional.of(new Hj212FramingError(
                error.reason() + " (and " + more + " more framing error(s) after it)", raw.toByteArray()));
    }

    /**
     * Reads the next frame or framing error from {@code in}, consuming its bytes; empty when more
     * bytes are needed. With {@code endOfInput}, whatever remains is resolved now.
     */
    public static Optional<Object> next(ByteBuf in, boolean endOfInput) {
        skipWhitespace(in);
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable == 0) {
            return Optional.empty();
        }
        if (!startsWithMarker(in, start)) {
            return garbageUntilMarker(in, endOfInput);
        }
        if (readable < HEADER) {
            return endOfInput ? Optional.of(consumeAsError(in, readable, "truncated frame header")) : Optional.empty();
        }
        int digits = lengthDigits(in, start + 2);
        if (digits < 0) {
            return Optional.of(consumeAsError(
                    in,
                    hashRunBeforeLastMarker(in, start),
                    "length field '" + ascii(in, start + 2, 4) + "' is not 4 digits"));
        }
        int header = 2 + digits;
        int length = parseLength(in, start + 2, digits);
        EnumSet<Hj212Quirk> quirks = EnumSet.noneOf(Hj212Quirk.class);
        if (digits == 3) {
            quirks.add(Hj212Quirk.THREE_DIGIT_LENGTH);
        }
        if (length <= MAX_SEGMENT) {
            int byteEnd = start + header + length;
            boolean mayBeCharCounted = hasNonAscii(in, start + header, Math.min(byteEnd, in.writerIndex()));
            if (crcAt(in, byteEnd, endOfInput || !mayBeCharCounted)) {
                return Optional.of(frame(in, start, header, length, quirks));
            }
            int charLength = utf8BytesForChars(in, start + header, length);
            if (charLength > length && crcAt(in, start + header + charLength, true)) {
                quirks.add(Hj212Quirk.LENGTH_IN_CHARACTERS);
                return Optional.of(frame(in, start, header, charLength, quirks));
            }
        }
        return delimitedByLineEnd(in, start, header, length, quirks, endOfInput);
    }

    private static Hj212Frame frame(ByteBuf in, int start, int header, int segmentLength, EnumSet<Hj212Quirk> quirks) {
        int crcStart = start + header + segmentLength;
        int end = crcStart + CRC;
        if (end < in.writerIndex() && in.getByte(end) == '\r') {
            end++;
        }
        if (end < in.writerIndex() && in.getByte(end) == '\n') {
            end++;
        }
        byte[] segment = new byte[segmentLength];
        in.getBytes(start + header, segment);
        String crc = ascii(in, crcStart, CRC);
        byte[] raw = new byte[end - start];
        in.getBytes(start, raw);
        in.readerIndex(end);
        return new Hj212Frame(segment, crc, Set.copyOf(quirks), raw);
    }

    /**
     * True when 4 hex digits sit at {@code at}, followed by a line end, whitespace or a new frame —
     * or by nothing yet, when {@code mayEndHere} (the frame can be taken without its line end).
     */
    private static boolean crcAt(ByteBuf in, int at, boolean mayEndHere) {
        if (at + CRC > in.writerIndex()) {
            return false;
        }
        for (int i = at; i < at + CRC; i++) {
            if (Character.digit(in.getByte(i), 16) < 0) {
                return false;
            }
        }
        int after = at + CRC;
        if (after == in.writerIndex()) {
            return mayEndHere;
        }
        byte next = in.getByte(after);
        return next == '\r' || next == '\n' || next == '#' || next == ' ' || next == '\t' || next == 0;
    }

    private static boolean hasNonAscii(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.getByte(i) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The declared length matched neither as bytes nor as characters: the frame is taken as far as its
     * line end when 4 hex digits (the CRC) stand before it and the segment fits the standard's limit;
     * otherwise what was read is an error naming both lengths.
     */
    private static Optional<Object> delimitedByLineEnd(
            ByteBuf in, int start, int header, int declared, EnumSet<Hj212Quirk> quirks, boolean endOfInput) {
        int limit = Math.min(in.writerIndex(), start + MAX_FRAME + 2);
        for (int i = start + header; i < limit; i++) {
            byte b = in.getByte(i);
            boolean lineEnd = b == '\n' || b == '\r';
            boolean nextFrame = b == '#' && i + 1 < in.writerIndex() && in.getByte(i + 1) == '#';
            if (lineEnd || nextFrame) {
                int segmentEnd = i - CRC;
                int segmentLength = segmentEnd - start - header;
                boolean crcBefore = segmentEnd >= start + header && isHex(in, segmentEnd, CRC);
                if (lineEnd && crcBefore && segmentLength > 0 && segmentLength <= MAX_SEGMENT) {
                    quirks.add(Hj212Quirk.LENGTH_MISMATCH);
                    return Optional.of(frame(in, start, header, segmentLength, quirks));
                }
                String actual = !crcBefore
                        ? "no 4-digit CRC before the line end"
                        : segmentLength > MAX_SEGMENT
                                ? "segment has " + segmentLength + " bytes, over the " + MAX_SEGMENT + "-byte limit"
                                : "segment has " + segmentLength + " bytes";
                int consumed = i - start;
                while (start + consumed < in.writerIndex() && isLineEnd(in.getByte(start + consumed))) {
                    consumed++;
                }
                return Optional.of(consumeAsError(in, consumed, declaredText(declared, header) + " but " + actual));
            }
        }
        if (in.writerIndex() - start >= MAX_FRAME + 2 || endOfInput) {
            return Optional.of(consumeAsError(
                    in,
                    Math.min(in.readableBytes(), MAX_FRAME),
                    declaredText(declared, header) + ", and no line end follows within " + MAX_FRAME + " bytes"));
        }
        return Optional.empty();
    }

    private static Optional<Object> garbageUntilMarker(ByteBuf in, boolean endOfInput) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int i = start + 1; i < end - 1; i++) {
            if (in.getByte(i) == '#' && in.getByte(i + 1) == '#') {
                return Optional.of(consumeAsError(in, i - start, "bytes outside a frame (a frame starts with ##)"));
            }
        }
        boolean lastMayStartMarker = in.getByte(end - 1) == '#' && !endOfInput;
        int skip = lastMayStartMarker ? end - start - 1 : end - start;
        if (skip == 0) {
            return Optional.empty();
        }
        return Optional.of(consumeAsError(in, skip, "bytes outside a frame (a frame starts with ##)"));
    }

    private static Hj212FramingError consumeAsError(ByteBuf in, int count, String reason) {
        byte[] raw = new byte[Math.min(count, MAX_FRAME)];
        in.getBytes(in.readerIndex(), raw);
        in.skipBytes(count);
        return new Hj212FramingError(reason, raw);
    }

    /**
     * How many bytes to skip from a {@code ##} with a bad length: 1, or, in a run of {@code #},
     * all but its last two, the only ones that may still start a frame. One error for the run
     * instead of one per byte.
     */
    private static int hashRunBeforeLastMarker(ByteBuf in, int start) {
        int end = start;
        while (end < in.writerIndex() && in.getByte(end) == '#') {
            end++;
        }
        return Math.max(1, end - start - 2);
    }

    private static String declaredText(int length, int header) {
        if (length > MAX_SEGMENT) {
            return "declared length " + length + " exceeds the " + MAX_SEGMENT + "-byte limit of a data segment";
        }
        return "length " + String.format(Locale.ROOT, header == 5 ? "%03d" : "%04d", length);
    }

    private static void skipWhitespace(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b == '\r' || b == '\n' || b == ' ' || b == '\t' || b == 0) {
                in.skipBytes(1);
            } else {
                return;
            }
        }
    }

    private static boolean startsWithMarker(ByteBuf in, int at) {
        if (in.getByte(at) != '#') {
            return false;
        }
        return at + 1 >= in.writerIndex() || in.getByte(at + 1) == '#';
    }

    /**
     * 4 when 4 digits follow the marker; 3 when 3 digits are followed by a letter (the segment's first
     * key, as loggers with a 3-digit length send it); -1 otherwise. The header is complete here.
     */
    private static int lengthDigits(ByteBuf in, int at) {
        int digits = 0;
        while (digits < 4 && Character.digit(in.getByte(at + digits), 10) >= 0) {
            digits++;
        }
        if (digits == 4) {
            return 4;
        }
        return digits == 3 && Character.isLetter(in.getByte(at + 3)) ? 3 : -1;
    }

    private static int parseLength(ByteBuf in, int at, int digits) {
        int value = 0;
        for (int i = at; i < at + digits; i++) {
            value = value * 10 + Character.digit(in.getByte(i), 10);
        }
        return value;
    }

    /** Bytes taken by the first {@code chars} UTF-8 characters from {@code at}, or -1 if not available yet. */
    private static int utf8BytesForChars(ByteBuf in, int at, int chars) {
        int i = at;
        for (int c = 0; c < chars; c++) {
            if (i >= in.writerIndex()) {
                return -1;
            }
            int lead = in.getByte(i) & 0xFF;
            int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            i += size;
        }
        return i - at;
    }

    private static boolean isHex(ByteBuf in, int at, int count) {
        for (int i = at; i < at + count; i++) {
            if (Character.digit(in.getByte(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLineEnd(byte b) {
        return b == '\r' || b == '\n';
    }

    private static String ascii(ByteBuf in, int at, int count) {
        int available = Math.max(0, Math.min(count, in.writerIndex() - at));
        return in.toString(at, available, StandardCharsets.ISO_8859_1);
    }
}
