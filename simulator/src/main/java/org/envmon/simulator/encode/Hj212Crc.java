package org.envmon.simulator.encode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The checksum of HJ 212-2017 Appendix A (not CRC-16/MODBUS), over the UTF-8 bytes of the data segment. */
public final class Hj212Crc {
    private Hj212Crc() {}

    public static int of(String segment) {
        int register = 0xFFFF;
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            register = (register >> 8) ^ (b & 0xFF);
            for (int i = 0; i < 8; i++) {
                boolean carry = (register & 1) != 0;
                register >>= 1;
                if (carry) {
                    register ^= 0xA001;
                }
            }
        }
        return register;
    }

    /** Four upper-case hex digits, as a frame carries them. */
    public static String hex(String segment) {
        return String.format(Locale.ROOT, "%04X", of(segment));
    }
}
