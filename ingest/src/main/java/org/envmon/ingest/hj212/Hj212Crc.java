package org.envmon.ingest.hj212;

import org.envmon.ingest.catalog.CrcMode;

/**
 * The CRC16 of HJ 212-2017 Appendix A (register 0xFFFF, {@code reg = (reg >> 8) ^ byte}, then eight
 * shifts with 0xA001), and the plain Modbus CRC that some devices send instead.
 */
public final class Hj212Crc {
    /** Eight shifts with 0xA001 of each byte value: both CRCs step a byte at a time through it. */
    private static final int[] TABLE = table();

    private Hj212Crc() {}

    public static int standard(byte[] data, int offset, int length) {
        int reg = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            int x = (reg >> 8) ^ (data[i] & 0xFF);
            reg = (x >>> 8) ^ TABLE[x & 0xFF];
        }
        return reg & 0xFFFF;
    }

    public static int modbus(byte[] data, int offset, int length) {
        int reg = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            int x = reg ^ (data[i] & 0xFF);
            reg = (x >>> 8) ^ TABLE[x & 0xFF];
        }
        return reg & 0xFFFF;
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int value = 0; value < 256; value++) {
            int reg = value;
            for (int bit = 0; bit < 8; bit++) {
                reg = (reg & 1) == 1 ? (reg >>> 1) ^ 0xA001 : reg >>> 1;
            }
            table[value] = reg;
        }
        return table;
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
