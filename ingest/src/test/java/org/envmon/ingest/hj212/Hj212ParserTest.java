package org.envmon.ingest.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.envmon.ingest.hj212.Hj212TestVectors.MN_DUST;
import static org.envmon.ingest.hj212.Hj212TestVectors.MN_WATER;
import static org.envmon.ingest.hj212.Hj212TestVectors.V1;
import static org.envmon.ingest.hj212.Hj212TestVectors.V2;
import static org.envmon.ingest.hj212.Hj212TestVectors.V3;
import static org.envmon.ingest.hj212.Hj212TestVectors.V4;
import static org.envmon.ingest.hj212.Hj212TestVectors.segmentOf;

import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.hj212.Hj212Packet.Dialect;
import org.envmon.ingest.hj212.Hj212Packet.FactorItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Hj212ParserTest {
    private static final String MN_2005 = "88888880000001";

    // ---- the four vectors ----

    @Test
    void parse_vector1_readsHeaderAndRtdInterval() throws Exception {
        Hj212Packet packet = Hj212Parser.parse(segmentOf(V1));

        assertThat(packet.qn()).contains("20160801085857223");
        assertThat(packet.st()).contains("32");
        assertThat(packet.cn()).isEqualTo("1062");
        assertThat(packet.pw()).contains("100000");
        assertThat(packet.mn()).isEqualTo(MN_WATER);
        assertThat(packet.flag()).contains(5);
        assertThat(packet.pnum()).isEmpty();
        assertThat(packet.pno()).isEmpty();
        assertThat(packet.dataTime()).isEmpty();
        assertThat(packet.items()).isEmpty();
        assertThat(packet.cpFields()).containsExactly(Map.entry("RtdInterval", "30"));
        assertThat(packet.header()).containsOnlyKeys("QN", "ST", "CN", "PW", "MN", "Flag");
    }

    @Test
    void parse_vector2_readsDataTimeAndTenItemsInOrder() throws Exception {
        Hj212Packet packet = Hj212Parser.parse(segmentOf(V2));

        assertThat(packet.qn()).contains("20240601100000123");
        assertThat(packet.st()).contains("21");
        assertThat(packet.cn()).isEqualTo("2061");
        assertThat(packet.pw()).contains("123456");
        assertThat(packet.mn()).isEqualTo(MN_WATER);
        assertThat(packet.flag()).contains(5);
        assertThat(packet.dataTime()).contains("20240601090000");
        assertThat(packet.items())
                .containsExactly(
                        new FactorItem("w01001", "Avg", "7.62"), new FactorItem("w01001", "Flag", "N"),
                        new FactorItem("w01009", "Avg", "6.85"), new FactorItem("w01009", "Flag", "N"),
                        new FactorItem("w01019", "Avg", "3.2"), new FactorItem("w01019", "Flag", "N"),
                        new FactorItem("w21003", "Avg", "0.42"), new FactorItem("w21003", "Flag", "N"),
                        new FactorItem("w21011", "Avg", "0.112"), new FactorItem("w21011", "Flag", "N"));
        assertThat(packet.cpFields()).isEmpty();
    }

    @Test
    void parse_vector3_isAnEmptyDataAnswer() throws Exception {
        Hj212Packet packet = Hj212Parser.parse(segmentOf(V3));

        assertThat(packet.qn()).contains("20240601100000123");
        assertThat(packet.st()).contains("91");
        assertThat(packet.cn()).isEqualTo("9014");
        assertThat(packet.pw()).contains("123456");
        assertThat(packet.mn()).isEqualTo(MN_WATER);
        assertThat(packet.flag()).contains(4);
        assertThat(packet.dataTime()).isEmpty();
        assertThat(packet.items()).isEmpty();
        assertThat(packet.cpFields()).isEmpty();
    }

    @Test
    void parse_vector4_readsNineFactorsWithRtdAndFlag() throws Exception {
        Hj212Packet packet = Hj212Parser.parse(segmentOf(V4));

        assertThat(packet.qn()).contains("20240601100015000");
        assertThat(packet.st()).contains("39");
        assertThat(packet.cn()).isEqualTo("2011");
        assertThat(packet.mn()).isEqualTo(MN_DUST);
        assertThat(packet.flag()).contains(4);
        assertThat(packet.dataTime()).contains("20240601100000");
        assertThat(packet.items()).hasSize(18);
        assertThat(packet.items())
                .filteredOn(item -> item.suffix().equals("Rtd"))
                .extracting(FactorItem::code, FactorItem::value)
                .containsExactly(
                        tuple("a34001", "215.3"),
                        tuple("a34002", "98.1"),
                        tuple("a34004", "45.0"),
                        tuple("a01001", "24.5"),
                        tuple("a01002", "61.0"),
                        tuple("a01007", "1.8"),
                        tuple("a01008", "135"),
                        tuple("a01006", "101.2"),
                        tuple("LA", "62.3"));
        assertThat(packet.items())
                .filteredOn(item -> item.suffix().equals("Flag"))
                .extracting(FactorItem::value)
                .hasSize(9)
                .containsOnly("N");
    }

    // ---- tolerances (STANDARDS.md: what real traffic looks like) ----

    @Test
    void parse_missingSemicolonBeforeCp_readsFlagAndDataArea() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20160801085857223;ST=32;CN=1062;PW=100000;"
                + "MN=010000A8900016F000169DC0;Flag=5CP=&&RtdInterval=30&&");

        assertThat(packet.flag()).contains(5);
        assertThat(packet.answerRequested()).isTrue();
        assertThat(packet.cpFields()).containsExactly(Map.entry("RtdInterval", "30"));
    }

    @Test
    void parse_commaInsteadOfSemicolonInHeader_readsEveryField() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20160801085857223;ST=32,CN=1062;PW=100000,"
                + "MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&");

        assertThat(packet.st()).contains("32");
        assertThat(packet.cn()).isEqualTo("1062");
        assertThat(packet.pw()).contains("100000");
        assertThat(packet.mn()).isEqualTo(MN_WATER);
        assertThat(packet.flag()).contains(5);
    }

    @Test
    void parse_dataAreaWithOnlyASpace_isEmpty() throws Exception {
        Hj212Packet packet = Hj212Parser.parse(
                "QN=20240601100000123;ST=91;CN=9014;PW=123456;" + "MN=010000A8900016F000169DC0;Flag=4;CP=&& &&");

        assertThat(packet.cn()).isEqualTo("9014");
        assertThat(packet.items()).isEmpty();
        assertThat(packet.cpFields()).isEmpty();
        assertThat(packet.dataTime()).isEmpty();
    }

    @Test
    void parse_straySpacesAroundKeysAndValues_areTrimmed() throws Exception {
        Hj212Packet packet = Hj212Parser.parse(" QN = 20240601100000123 ; ST= 21 ;CN =2061; PW = 123456 ;"
                + " MN = 010000A8900016F000169DC0 ; Flag = 5 ; CP=&& DataTime = 20240601090000 ;"
                + " w01001-Avg = 7.62 , w01001-Flag= N ; RtdInterval = 30 &&");

        assertThat(packet.qn()).contains("20240601100000123");
        assertThat(packet.st()).contains("21");
        assertThat(packet.cn()).isEqualTo("2061");
        assertThat(packet.pw()).contains("123456");
        assertThat(packet.mn()).isEqualTo(MN_WATER);
        assertThat(packet.flag()).contains(5);
        assertThat(packet.dataTime()).contains("20240601090000");
        assertThat(packet.items())
                .containsExactly(new FactorItem("w01001", "Avg", "7.62"), new FactorItem("w01001", "Flag", "N"));
        assertThat(packet.cpFields()).containsExactly(Map.entry("RtdInterval", "30"));
    }

    @Test
    void parse_missingClosingAmpersands_stillReadsTheDataArea() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20240601100015000;ST=39;CN=2011;PW=123456;"
                + "MN=010000A8900016F000169DC1;Flag=4;CP=&&DataTime=20240601100000;a34001-Rtd=215.3,a34001-Flag=N");

        assertThat(packet.dataTime()).contains("20240601100000");
        assertThat(packet.items())
                .containsExactly(new FactorItem("a34001", "Rtd", "215.3"), new FactorItem("a34001", "Flag", "N"));
    }

    @Test
    void parse_2005PacketWithoutQnAndFlag_reads2005CodesAndDialect() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("ST=32;CN=2011;PW=123456;MN=" + MN_2005
                + ";CP=&&DataTime=20240601100000;001-Rtd=7.1,001-Flag=N;060-Rtd=0.5&&");

        assertThat(packet.qn()).isEmpty();
        assertThat(packet.flag()).isEmpty();
        assertThat(packet.st()).contains("32");
        assertThat(packet.cn()).isEqualTo("2011");
        assertThat(packet.mn()).isEqualTo(MN_2005);
        assertThat(packet.dataTime()).contains("20240601100000");
        assertThat(packet.items())
                .containsExactly(
                        new FactorItem("001", "Rtd", "7.1"),
                        new FactorItem("001", "Flag", "N"),
                        new FactorItem("060", "Rtd", "0.5"));
        assertThat(packet.dialect()).isEqualTo(Dialect.HJ212_2005);
        assertThat(packet.answerRequested()).isFalse();
    }

    @Test
    void parse_unknownHeaderKeys_areKeptInHeader() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20240601100000123;ST=21;CN=2061;PW=123456;"
                + "MN=010000A8900016F000169DC0;Ver=HJ212-2017;Flag=5;Vendor=ACME;CP=&&&&");

        assertThat(packet.header())
                .containsEntry("Ver", "HJ212-2017")
                .containsEntry("Vendor", "ACME")
                .containsEntry("CN", "2061")
                .containsEntry("Flag", "5");
        assertThat(packet.cn()).isEqualTo("2061");
    }

    @Test
    void parse_splitPacketHeader_readsPnumAndPno() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20240601100000123;ST=21;CN=2061;PW=123456;"
                + "MN=010000A8900016F000169DC0;Flag=7;PNUM=3;PNO=2;CP=&&DataTime=20240601090000;w01001-Avg=7.6&&");

        assertThat(packet.pnum()).contains(3);
        assertThat(packet.pno()).contains(2);
        assertThat(packet.answerRequested()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"9015", "2081", "2041", "1013", "2052"})
    void parse_unknownOrNonDataCn_parses(String cn) throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20240601100000123;ST=39;CN=" + cn + ";PW=123456;MN=" + MN_DUST
                + ";Flag=4;CP=&&RestartTime=20240601080000&&");

        assertThat(packet.cn()).isEqualTo(cn);
        assertThat(packet.cpFields()).containsEntry("RestartTime", "20240601080000");
    }

    @Test
    void parse_nonNumericFlag_isAbsentRatherThanAnError() throws Exception {
        Hj212Packet packet =
                Hj212Parser.parse("QN=20240601100000123;ST=21;CN=2061;PW=123456;MN=" + MN_WATER + ";Flag=A;CP=&&&&");

        assertThat(packet.flag()).isEmpty();
        assertThat(packet.header()).containsEntry("Flag", "A");
        assertThat(packet.answerRequested()).isFalse();
    }

    @Test
    void parse_dataAreaFieldsThatAreNotFactorItems_landInCpFields() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20240601100000123;ST=91;CN=1012;PW=123456;MN=" + MN_WATER
                + ";Flag=5;CP=&&SystemTime=20240601100000;-Rtd=1;x-=2&&");

        assertThat(packet.cpFields())
                .containsEntry("SystemTime", "20240601100000")
                .containsEntry("-Rtd", "1")
                .containsEntry("x-", "2");
        assertThat(packet.items()).isEmpty();
    }

    // ---- required fields ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "QN=20240601100000123;ST=21;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&&&",
                "QN=20240601100000123;ST=21;CN=;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&&&",
                "QN=20240601100000123;ST=21;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&CN=2011&&"
            })
    void parse_missingCn_throwsNamingCn(String segment) {
        assertThatThrownBy(() -> Hj212Parser.parse(segment))
                .isInstanceOf(Hj212ParseException.class)
                .hasMessageContaining("CN");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "QN=20240601100000123;ST=21;CN=2061;PW=123456;Flag=5;CP=&&&&",
                "QN=20240601100000123;ST=21;CN=2061;PW=123456;MN= ;Flag=5;CP=&&&&"
            })
    void parse_missingMn_throwsNamingMn(String segment) {
        assertThatThrownBy(() -> Hj212Parser.parse(segment))
                .isInstanceOf(Hj212ParseException.class)
                .hasMessageContaining("MN")
                .hasMessageNotContaining("CN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "&&&&"})
    void parse_noFieldsAtAll_throws(String segment) {
        assertThatThrownBy(() -> Hj212Parser.parse(segment)).isInstanceOf(Hj212ParseException.class);
    }

    // ---- Flag bits and dialect ----

    @ParameterizedTest
    @CsvSource({"5, true", "7, true", "1, true", "4, false", "8, false", "6, false", "0, false"})
    void answerRequested_flagBitA_decides(int flag, boolean expected) throws Exception {
        Hj212Packet packet = Hj212Parser.parse(
                "QN=20240601100000123;ST=21;CN=2061;PW=123456;MN=" + MN_WATER + ";Flag=" + flag + ";CP=&&&&");

        assertThat(packet.answerRequested()).isEqualTo(expected);
    }

    @Test
    void answerRequested_flagMissing_isFalse() throws Exception {
        Hj212Packet packet =
                Hj212Parser.parse("QN=20240601100000123;ST=21;CN=2061;PW=123456;MN=" + MN_WATER + ";CP=&&&&");

        assertThat(packet.answerRequested()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "Flag=4;, 010000A8900016F000169DC0, HJ212_2017",
        "Flag=5;, 010000A8900016F000169DC0, HJ212_2017",
        "Flag=7;, 010000A8900016F000169DC0, HJ212_2017",
        "Flag=5;, 88888880000001, HJ212_2017",
        "'', 88888880000001, HJ212_2005",
        "Flag=1;, 88888880000001, HJ212_2005",
        "Flag=0;, 88888880000001, HJ212_2005",
        "'', 010000A8900016F000169DC0, HJ212_2017",
        "Flag=8;, 010000A8900016F000169DC0, HJ212_2017",
        "Flag=8;, 88888880000001, HJ212_2005"
    })
    void dialect_flagVersionBitsOrMnLength_decide(String flagField, String mn, Dialect expected) throws Exception {
        Hj212Packet packet = Hj212Parser.parse(
                "ST=21;CN=2011;PW=123456;MN=" + mn + ";" + flagField + "CP=&&DataTime=20240601100000&&");

        assertThat(packet.dialect()).isEqualTo(expected);
    }

    @Test
    void parse_flag8_isAcceptedWithoutAnswerRequest() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20240601100015000;ST=39;CN=2011;PW=123456;MN=" + MN_DUST
                + ";Flag=8;CP=&&DataTime=20240601100000;a34001-Rtd=215.3&&");

        assertThat(packet.flag()).contains(8);
        assertThat(packet.answerRequested()).isFalse();
        assertThat(packet.items()).containsExactly(new FactorItem("a34001", "Rtd", "215.3"));
        assertThat(packet.dataTime()).isEqualTo(Optional.of("20240601100000"));
    }

    // ---- regressions ----

    @ParameterizedTest
    @ValueSource(strings = {"CP = &&", "CP= &&", "CP =&&"})
    void parse_spacesAroundCpEquals_dataAreaRead(String cp) throws Exception {
        Hj212Packet packet = Hj212Parser.parse("QN=20240601100000123;ST=21;CN=2011;PW=123456;MN=" + MN_2005 + ";Flag=4;"
                + cp + "DataTime=20240601090000;w01001-Rtd=7.1&&");

        assertThat(packet.dataTime()).contains("20240601090000");
        assertThat(packet.items()).containsExactly(new Hj212Packet.FactorItem("w01001", "Rtd", "7.1"));
        assertThat(packet.header()).doesNotContainKey("w01001-Rtd");
    }

    @Test
    void parse_spacesAroundFactorDashAndLowerCaseSuffix_normalised() throws Exception {
        Hj212Packet packet = Hj212Parser.parse("ST=21;CN=2011;MN=" + MN_2005
                + ";CP=&&DataTime=20240601090000;w01001 - Rtd=7.1,w21003-rtd=0.5,w21003-FLAG=N&&");

        assertThat(packet.items())
                .containsExactly(
                        new Hj212Packet.FactorItem("w01001", "Rtd", "7.1"),
                        new Hj212Packet.FactorItem("w21003", "Rtd", "0.5"),
                        new Hj212Packet.FactorItem("w21003", "Flag", "N"));
    }
}
