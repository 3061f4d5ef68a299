package org.envmon.ingest.hj212;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The four frames of STANDARDS.md section 1 (without their CR LF) and small helpers shared by the
 * HJ 212 tests.
 */
public final class Hj212TestVectors {
    /** The standard's own example: CN 1062, Flag=5, RtdInterval=30. */
    public static final String V1 = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;"
            + "Flag=5;CP=&&RtdInterval=30&&1C80";
    /** An hourly (CN 2061) river-section upload with five factors. */
    public static final String V2 = "##0260QN=20240601100000123;ST=21;CN=2061;PW=123456;MN=010000A8900016F000169DC0;"
            + "Flag=5;CP=&&DataTime=20240601090000;w01001-Avg=7.62,w01001-Flag=N;w01009-Avg=6.85,w01009-Flag=N;"
            + "w01019-Avg=3.2,w01019-Flag=N;w21003-Avg=0.42,w21003-Flag=N;w21011-Avg=0.112,w21011-Flag=N&&DC41";
    /** The 9014 answer to {@link #V2}. */
    public static final String V3 =
            "##0087QN=20240601100000123;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;" + "Flag=4;CP=&&&&0CC0";
    /** A construction-site dust real-time (CN 2011) upload with nine factors. */
    public static final String V4 = "##0372QN=20240601100015000;ST=39;CN=2011;PW=123456;MN=010000A8900016F000169DC1;"
            + "Flag=4;CP=&&DataTime=20240601100000;a34001-Rtd=215.3,a34001-Flag=N;a34002-Rtd=98.1,a34002-Flag=N;"
            + "a34004-Rtd=45.0,a34004-Flag=N;a01001-Rtd=24.5,a01001-Flag=N;a01002-Rtd=61.0,a01002-Flag=N;"
            + "a01007-Rtd=1.8,a01007-Flag=N;a01008-Rtd=135,a01008-Flag=N;a01006-Rtd=101.2,a01006-Flag=N;"
            + "LA-Rtd=62.3,LA-Flag=N&&D4C1";

    public static final List<String> ALL = List.of(V1, V2, V3, V4);

    /** MN of vectors 1–3 (the river section). */
    public static final String MN_WATER = "010000A8900016F000169DC0";
    /** MN of vector 4 (the dust site). */
    public static final String MN_DUST = "010000A8900016F000169DC1";

    private Hj212TestVectors() {}

    /** The data segment of a vector line: between the 6-byte head and the 4-digit CRC. */
    public static String segmentOf(String vector) {
        return vector.substring(6, vector.length() - 4);
    }

    /** The 4-digit CRC text at the end of a vector line. */
    public static String crcOf(String vector) {
        return vector.substring(vector.length() - 4);
    }

    /** The declared length field of a vector line. */
    public static String lengthFieldOf(String vector) {
        return vector.substring(2, 6);
    }

    /** The complete wire bytes of a vector: the line plus CR LF. */
    public static byte[] wire(String vector) {
        return utf8(vector + "\r\n");
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static ByteBuf buffer(byte[] bytes) {
        return Unpooled.copiedBuffer(bytes);
    }

    public static ByteBuf buffer(String text) {
        return buffer(utf8(text));
    }

    /** Calls {@link Hj212Framing#next} until it returns empty and collects what it returned. */
    public static List<Object> drain(ByteBuf in, boolean endOfInput) {
        List<Object> out = new ArrayList<>();
        Optional<Object> next;
        while ((next = Hj212Framing.next(in, endOfInput)).isPresent()) {
            out.add(next.get());
        }
        return out;
    }

    public static List<Hj212Frame> framesOf(List<Object> results) {
        return results.stream()
                .filter(Hj212Frame.class::isInstance)
                .map(Hj212Frame.class::cast)
                .toList();
    }

    public static List<Hj212FramingError> errorsOf(List<Object> results) {
        return results.stream()
                .filter(Hj212FramingError.class::isInstance)
                .map(Hj212FramingError.class::cast)
                .toList();
    }

    /** The single frame the framing cuts from {@code wire} (fails if it yields anything else). */
    public static Hj212Frame frameOf(byte[] wire) {
        List<Object> results = drain(buffer(wire), true);
        if (results.size() != 1 || !(results.get(0) instanceof Hj212Frame frame)) {
            throw new AssertionError("expected exactly one frame from " + text(wire) + " but got " + results);
        }
        return frame;
    }
}
