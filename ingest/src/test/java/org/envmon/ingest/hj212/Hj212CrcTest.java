package org.envmon.ingest.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.envmon.ingest.hj212.Hj212TestVectors.segmentOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.utf8;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.envmon.ingest.catalog.CrcMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Hj212CrcTest {

    /** Vector line, its published CRC, its published length field. */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of(Hj212TestVectors.V1, 0x1C80, "0101"),
                Arguments.of(Hj212TestVectors.V2, 0xDC41, "0260"),
                Arguments.of(Hj212TestVectors.V3, 0x0CC0, "0087"),
                Arguments.of(Hj212TestVectors.V4, 0xD4C1, "0372"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void standard_vectorSegment_matchesPublishedCrc(String vector, int crc, String length) {
        byte[] segment = utf8(segmentOf(vector));

        assertThat(Hj212Crc.standard(segment, 0, segment.length)).isEqualTo(crc);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void hex_vectorCrc_isTheTextTheVectorCarries(String vector, int crc, String length) {
        byte[] segment = utf8(segmentOf(vector));

        assertThat(Hj212Crc.hex(Hj212Crc.standard(segment, 0, segment.length)))
                .isEqualTo(Hj212TestVectors.crcOf(vector));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void segmentLength_vector_isThePublishedLengthField(String vector, int crc, String length) {
        byte[] segment = utf8(segmentOf(vector));

        assertThat(String.format("%04d", segment.length)).isEqualTo(length);
        assertThat(Hj212TestVectors.lengthFieldOf(vector)).isEqualTo(length);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void frame_vectorSegment_reproducesTheVectorByteForByte(String vector, int crc, String length) {
        byte[] framed = Hj212Answers.frame(segmentOf(vector));

        assertThat(framed).isEqualTo(Hj212TestVectors.wire(vector));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void standard_segmentInsideLargerArray_usesOnlyTheGivenRange(String vector, int crc, String length) {
        byte[] segment = utf8(segmentOf(vector));
        byte[] padded = new byte[segment.length + 7];
        padded[0] = 'x';
        padded[1] = 'y';
        padded[2] = 'z';
        System.arraycopy(segment, 0, padded, 3, segment.length);
        padded[padded.length - 1] = '!';

        assertThat(Hj212Crc.standard(padded, 3, segment.length)).isEqualTo(crc);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void modbus_vectorSegment_differsFromStandard(String vector, int crc, String length) {
        byte[] segment = utf8(segmentOf(vector));

        assertThat(Hj212Crc.modbus(segment, 0, segment.length))
                .isNotEqualTo(crc)
                .isNotEqualTo(Hj212Crc.standard(segment, 0, segment.length));
    }

    @Test
    void modbus_catalogueCheckString_isTheCrc16ModbusCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

        // CRC-16/MODBUS check value from the CRC catalogue (poly 0x8005 reflected, init 0xFFFF)
        assertThat(Hj212Crc.modbus(check, 0, check.length)).isEqualTo(0x4B37);
        assertThat(Hj212Crc.standard(check, 0, check.length)).isNotEqualTo(0x4B37);
    }

    @Test
    void standardAndModbus_emptyInput_areTheInitialRegister() {
        assertThat(Hj212Crc.standard(new byte[0], 0, 0)).isEqualTo(0xFFFF);
        assertThat(Hj212Crc.modbus(new byte[0], 0, 0)).isEqualTo(0xFFFF);
    }

    @Test
    void compute_eachMode_usesTheMatchingAlgorithm() {
        byte[] segment = utf8(segmentOf(Hj212TestVectors.V2));
        int standard = Hj212Crc.standard(segment, 0, segment.length);
        int modbus = Hj212Crc.modbus(segment, 0, segment.length);

        assertThat(Hj212Crc.compute(CrcMode.STANDARD, segment, 0, segment.length))
                .isEqualTo(standard);
        assertThat(Hj212Crc.compute(CrcMode.MODBUS, segment, 0, segment.length)).isEqualTo(modbus);
    }

    @Test
    void standard_bytesAbove0x7F_areTreatedUnsigned() {
        byte[] chinese = "扬尘".getBytes(StandardCharsets.UTF_8);
        int expected = referenceStandard(chinese);

        assertThat(Hj212Crc.standard(chinese, 0, chinese.length)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0000", "1, 0001", "3264, 0CC0", "43981, ABCD", "7296, 1C80", "65535, FFFF"})
    void hex_anyCrc_isFourUpperCaseDigits(int crc, String expected) {
        assertThat(Hj212Crc.hex(crc)).isEqualTo(expected);
    }

    /** Appendix A written out independently, on unsigned byte values. */
    private static int referenceStandard(byte[] data) {
        int reg = 0xFFFF;
        for (byte b : data) {
            reg = (reg >>> 8) ^ Byte.toUnsignedInt(b);
            for (int i = 0; i < 8; i++) {
                boolean carry = (reg & 1) != 0;
                reg >>>= 1;
                if (carry) {
                    reg ^= 0xA001;
                }
            }
        }
        return reg;
    }

    @Test
    void tableDriven_equalsTheStandardsBitByBitDefinition_onRandomInput() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(212);
        for (int i = 0; i < 2_000; i++) {
            byte[] data = new byte[random.nextInt(0, 600)];
            for (int j = 0; j < data.length; j++) {
                data[j] = (byte) random.nextInt(256);
            }
            assertThat(Hj212Crc.standard(data, 0, data.length)).isEqualTo(bitByBit(data, false));
            assertThat(Hj212Crc.modbus(data, 0, data.length)).isEqualTo(bitByBit(data, true));
        }
    }

    /** HJ 212-2017 Appendix A as written (and Modbus, which XORs the byte into the whole register). */
    private static int bitByBit(byte[] data, boolean modbus) {
        int reg = 0xFFFF;
        for (byte b : data) {
            reg = modbus ? reg ^ (b & 0xFF) : (reg >> 8) ^ (b & 0xFF);
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
}
