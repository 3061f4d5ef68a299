package org.envmon.ingest.hj212;

import org.envmon.ingest.catalog.CrcMode;

/**
 * The CRC16 of HJ 212-2017 Appendix A (register 0xFFFF, {@code reg = (reg >> 8) ^ byte}, then eight
 * shifts with 0xA001), and the plain Modbus CRC that some devices send instead.
 */
public final class Hj212Crc {
    private Hj212Crc() {}

    public static int standard(byte[] data, int offset, int length) {
        int reg = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            reg = (reg >> 8) ^ (data[i] & 0xFF);
            for (int bit = 0; bit < 8; bit++) {
                int lsb = reg & 1;
                reg >>= 1;
                if (lsb == 1) {
                    reg ^= 0xA001;
                }
            }
        }
        return reg & 0xFFFF;
    }

    public static int modbus(byte[] data, int offset, int length) {
        int reg = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            reg ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                int lsb = reg & 1;
                reg >>= 1;
                if (lsb == 1) {
                    reg ^= 0xA001;
                }
            }
        }
        return reg & 0xFFFF;
    }

    public static int compute(CrcMode mode, byte[] data, int offset, int length) {
        return mode == CrcMode.MODBUS ? modbus(data, offset, length) : standard(data, offset, length);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Four upper-case hex digits, as the standard writes a CRC. */
    public static String hex(int crc) {
        return new String(
                new char[] {HEX[(crc >> 12) & 0xF], HEX[(crc >> 8) & 0xF], HEX[(crc >> 4) & 0xF], HEX[crc & 0xF]});
    }
}
