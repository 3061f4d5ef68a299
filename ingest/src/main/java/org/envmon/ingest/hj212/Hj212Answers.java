package org.envmon.ingest.hj212;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Encodes what the service sends to stations, exactly as the standard writes it. */
public final class Hj212Answers {
    private static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT);
    private static final DateTimeFormatter SYSTEM_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private Hj212Answers() {}

    /** The 9014 data answer to an upload whose A bit is set: same QN, ST=91, Flag=4, empty CP. */
    public static byte[] dataAnswer(Hj212Packet upload) {
        StringBuilder segment = new StringBuilder(96);
        upload.qn().ifPresent(qn -> segment.append("QN=").append(qn).append(';'));
        segment.append("ST=91;CN=9014;");
        upload.pw().ifPresent(pw -> segment.append("PW=").append(pw).append(';'));
        segment.append("MN=").append(upload.mn()).append(";Flag=4;CP=&&&&");
        return frame(segment.toString());
    }

    /** The 1012 "set station time" command, sent in reply to a 1013 time-sync request. */
    public static byte[] setTime(Hj212Packet request, Instant now, ZoneId stationZone) {
        StringBuilder segment = new StringBuilder(128);
        segment.append("QN=").append(QN.format(now.atZone(stationZone))).append(';');
        request.st().ifPresent(st -> segment.append("ST=").append(st).append(';'));
        segment.append("CN=1012;");
        request.pw().ifPresent(pw -> segment.append("PW=").append(pw).append(';'));
        segment.append("MN=")
                .append(request.mn())
                .append(";Flag=")
                .append(request.dialect() == Hj212Packet.Dialect.HJ212_2017 ? 5 : 1)
                .append(";CP=&&SystemTime=")
                .append(SYSTEM_TIME.format(now.atZone(stationZone)))
                .append("&&");
        return frame(segment.toString());
    }

    /** {@code ##} + length + segment + CRC (Appendix A, upper-case hex) + CR LF. */
    public static byte[] frame(String segmentText) {
        byte[] segment = segmentText.getBytes(StandardCharsets.UTF_8);
        String head = String.format(Locale.ROOT, "##%04d", segment.length);
        String tail = Hj212Crc.hex(Hj212Crc.standard(segment, 0, segment.length)) + "\r\n";
        byte[] frame = new byte[head.length() + segment.length + tail.length()];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, frame, 0, head.length());
        System.arraycopy(segment, 0, frame, head.length(), segment.length);
        System.arraycopy(
                tail.getBytes(StandardCharsets.US_ASCII), 0, frame, head.length() + segment.length, tail.length());
        return frame;
    }
}
