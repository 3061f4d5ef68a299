package org.envmon.ingest.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.envmon.ingest.hj212.Hj212TestVectors.MN_WATER;
import static org.envmon.ingest.hj212.Hj212TestVectors.V2;
import static org.envmon.ingest.hj212.Hj212TestVectors.V3;
import static org.envmon.ingest.hj212.Hj212TestVectors.frameOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.segmentOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.text;
import static org.envmon.ingest.hj212.Hj212TestVectors.utf8;
import static org.envmon.ingest.hj212.Hj212TestVectors.wire;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Hj212AnswersTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String TIME_REQUEST =
            "QN=20240601095959500;ST=21;CN=1013;PW=123456;MN=" + MN_WATER + ";Flag=5;CP=&&&&";

    @Test
    void dataAnswer_vector2_isVector3ByteForByte() throws Exception {
        Hj212Packet upload = Hj212Parser.parse(segmentOf(V2));

        byte[] answer = Hj212Answers.dataAnswer(upload);

        assertThat(text(answer)).isEqualTo(V3 + "\r\n");
        assertThat(answer).isEqualTo(wire(V3));
    }

    @Test
    void dataAnswer_uploadWithoutQn_omitsQnAndIsAValidFrame() throws Exception {
        Hj212Packet upload = Hj212Parser.parse(
                "ST=32;CN=2011;PW=123456;MN=88888880000001;Flag=1;" + "CP=&&DataTime=20240601100000;001-Rtd=7.1&&");

        byte[] answer = Hj212Answers.dataAnswer(upload);

        Hj212Frame frame = frameOf(answer);
        assertThat(frame.segmentText()).isEqualTo("ST=91;CN=9014;PW=123456;MN=88888880000001;Flag=4;CP=&&&&");
        assertCrcAndLength(frame, answer);
    }

    @Test
    void dataAnswer_uploadWithoutPw_omitsPw() throws Exception {
        Hj212Packet upload = Hj212Parser.parse(
                "QN=20240601100000123;ST=21;CN=2061;MN=" + MN_WATER + ";Flag=5;CP=&&DataTime=20240601090000&&");

        Hj212Packet answer =
                Hj212Parser.parse(frameOf(Hj212Answers.dataAnswer(upload)).segmentText());

        assertThat(answer.pw()).isEmpty();
        assertThat(answer.header()).doesNotContainKey("PW");
        assertThat(answer.qn()).contains("20240601100000123");
    }

    @Test
    void setTime_1013Request_is1012WithRequestStPwMnAndStationTime() throws Exception {
        Hj212Packet request = Hj212Parser.parse(TIME_REQUEST);
        Instant now = Instant.parse("2024-06-01T02:00:00Z");

        byte[] reply = Hj212Answers.setTime(request, now, SHANGHAI);

        Hj212Frame frame = frameOf(reply);
        Hj212Packet packet = Hj212Parser.parse(frame.segmentText());
        assertThat(packet.cn()).isEqualTo("1012");
        assertThat(packet.st()).contains("21");
        assertThat(packet.pw()).contains("123456");
        assertThat(packet.mn()).isEqualTo(MN_WATER);
        assertThat(packet.qn()).contains("20240601100000000");
        assertThat(packet.cpFields()).containsExactly(Map.entry("SystemTime", "20240601100000"));
        assertThat(frame.segmentText()).contains(";CP=&&SystemTime=20240601100000&&");
        assertThat(frame.segmentText()).endsWith("CP=&&SystemTime=20240601100000&&");
        assertCrcAndLength(frame, reply);
    }

    @Test
    void setTime_2017Request_isExactlyTheExpectedFrame() throws Exception {
        Hj212Packet request = Hj212Parser.parse(TIME_REQUEST);

        byte[] reply = Hj212Answers.setTime(request, Instant.parse("2024-06-01T02:00:00.250Z"), SHANGHAI);

        String segment = "QN=20240601100000250;ST=21;CN=1012;PW=123456;MN=" + MN_WATER
                + ";Flag=5;CP=&&SystemTime=20240601100000&&";
        assertThat(text(reply))
                .isEqualTo(String.format("##%04d", segment.length()) + segment
                        + Hj212Crc.hex(Hj212Crc.standard(utf8(segment), 0, segment.length())) + "\r\n");
    }

    @ParameterizedTest
    @CsvSource({
        "Asia/Shanghai, 2024-06-01T02:00:00Z, 20240601100000",
        "UTC, 2024-06-01T02:00:00Z, 20240601020000",
        "Europe/Berlin, 2024-06-01T02:00:00Z, 20240601040000",
        "Asia/Shanghai, 2024-12-31T16:00:00Z, 20250101000000",
        "America/New_York, 2024-01-15T12:30:45Z, 20240115073045"
    })
    void setTime_stationZone_writesLocalSystemTime(String zone, String instant, String expected) throws Exception {
        Hj212Packet request = Hj212Parser.parse(TIME_REQUEST);

        byte[] reply = Hj212Answers.setTime(request, Instant.parse(instant), ZoneId.of(zone));

        Hj212Packet packet = Hj212Parser.parse(frameOf(reply).segmentText());
        assertThat(packet.cpFields()).containsEntry("SystemTime", expected);
        assertThat(packet.qn())
                .hasValueSatisfying(qn -> assertThat(qn).hasSize(17).startsWith(expected));
    }

    @Test
    void setTime_2005RequestWithoutPw_omitsPwAndIsAValidFrame() throws Exception {
        Hj212Packet request = Hj212Parser.parse("ST=32;CN=1013;MN=88888880000001;CP=&&&&");

        byte[] reply = Hj212Answers.setTime(request, Instant.parse("2024-06-01T02:00:00Z"), SHANGHAI);

        Hj212Frame frame = frameOf(reply);
        Hj212Packet packet = Hj212Parser.parse(frame.segmentText());
        assertThat(packet.cn()).isEqualTo("1012");
        assertThat(packet.st()).contains("32");
        assertThat(packet.pw()).isEmpty();
        assertThat(packet.mn()).isEqualTo("88888880000001");
        assertThat(packet.cpFields()).containsEntry("SystemTime", "20240601100000");
        assertCrcAndLength(frame, reply);
    }

    @Test
    void frame_segmentWithChineseText_countsUtf8BytesInLength() {
        String segment = "ST=39;CN=2011;MN=" + MN_WATER + ";CP=&&a34001-Info=扬尘&&";

        byte[] framed = Hj212Answers.frame(segment);

        int bytes = utf8(segment).length;
        assertThat(bytes).isEqualTo(segment.length() + 4);
        assertThat(text(framed)).startsWith(String.format("##%04d", bytes));
        assertThat(text(framed)).endsWith(Hj212Crc.hex(Hj212Crc.standard(utf8(segment), 0, bytes)) + "\r\n");
        assertThat(framed).hasSize(6 + bytes + 6);
    }

    @Test
    void frame_emptySegment_isHeaderCrcAndLineEnd() {
        assertThat(text(Hj212Answers.frame(""))).isEqualTo("##0000FFFF\r\n");
    }

    /** The frame's length field equals its segment's UTF-8 byte count and its CRC is Appendix A's. */
    private static void assertCrcAndLength(Hj212Frame frame, byte[] wire) {
        byte[] segment = frame.segment();
        assertThat(frame.charCountLength()).isFalse();
        assertThat(text(wire))
                .startsWith(String.format("##%04d", segment.length))
                .endsWith("\r\n");
        assertThat(frame.crcText()).isEqualTo(Hj212Crc.hex(Hj212Crc.standard(segment, 0, segment.length)));
        assertThat(frame.raw()).isEqualTo(wire);
    }
}
