package org.envmon.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HJ 212 frames built for tests with a CRC of their own (written from the standard's Appendix A,
 * independently of the service's codec), so that the tests check the codec rather than echo it.
 */
public final class Hj212TestFrames {
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Hj212TestFrames() {}

    public static byte[] frame(String segment) {
        byte[] data = segment.getBytes(StandardCharsets.UTF_8);
        String text = String.format(Locale.ROOT, "##%04d%s%04X\r\n", data.length, segment, crc(data));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The same frame with a checksum off by one. */
    public static byte[] frameWithBadCrc(String segment) {
        byte[] data = segment.getBytes(StandardCharsets.UTF_8);
        String text = String.format(Locale.ROOT, "##%04d%s%04X\r\n", data.length, segment, (crc(data) + 1) & 0xFFFF);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String dataTime(Instant instant) {
        return DATA_TIME.format(instant.atZone(SHANGHAI));
    }

    /** The Appendix A checksum of a segment's UTF-8 bytes. */
    public static int crcOf(String segment) {
        return crc(segment.getBytes(StandardCharsets.UTF_8));
    }

    static int crc(byte[] data) {
        int register = 0xFFFF;
        for (byte b : data) {
            register = (register >>> 8) ^ (b & 0xFF);
            for (int i = 0; i < 8; i++) {
                boolean carry = (register & 0x0001) != 0;
                register >>>= 1;
                if (carry) {
                    register ^= 0xA001;
                }
            }
        }
        return register;
    }
}
