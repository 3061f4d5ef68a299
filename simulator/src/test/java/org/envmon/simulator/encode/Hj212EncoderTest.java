package org.envmon.simulator.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.envmon.simulator.catalog.StationKind;
import org.envmon.simulator.signal.Factor;
import org.envmon.simulator.signal.Observation;
import org.junit.jupiter.api.Test;

class Hj212EncoderTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void crc_standardTestVectors_matchAppendixA() {
        assertThat(Hj212Crc.hex("QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
                        + "CP=&&RtdInterval=30&&"))
                .isEqualTo("1C80");
        assertThat(Hj212Crc.hex(
                        "QN=20240601100000123;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;" + "Flag=4;CP=&&&&"))
                .isEqualTo("0CC0");
        assertThat(
                        Hj212Crc.hex(
                                "QN=20240601100000123;ST=21;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=5;"
                                        + "CP=&&DataTime=20240601090000;w01001-Avg=7.62,w01001-Flag=N;w01009-Avg=6.85,w01009-Flag=N;"
                                        + "w01019-Avg=3.2,w01019-Flag=N;w21003-Avg=0.42,w21003-Flag=N;w21011-Avg=0.112,w21011-Flag=N&&"))
                .isEqualTo("DC41");
    }

    @Test
    void frame_standardExample_reproducesTheReferenceFrame() {
        String segment = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
                + "CP=&&RtdInterval=30&&";
        assertThat(Hj212Encoder.frame(segment)).isEqualTo("##0101" + segment + "1C80\r\n");
    }

    @Test
    void encode_realTime2017WithAnswer_writesQnFlag5AndRtdValues() {
        Hj212Encoder encoder = new Hj212Encoder(SHANGHAI, Hj212Command.REAL_TIME, true);
        StationIdentity station =
                new StationIdentity("330100000000000000000001", StationKind.RIVER_SECTION, "123456", false);
        String frame = new String(encoder.encode(station, List.of(observation())), StandardCharsets.UTF_8);
        assertThat(frame)
                .isEqualTo(Hj212Encoder.frame("QN=20240601100000000;ST=21;CN=2011;PW=123456;"
                        + "MN=330100000000000000000001;Flag=5;CP=&&DataTime=20240601100000;w01001-Rtd=7.62,w01001-Flag=N;"
                        + "w21003-Rtd=0.42,w21003-Flag=C&&"));
    }

    @Test
    void encode_hourly2005WithoutAnswer_uses2005CodesNoQnAndIntervalStart() {
        Hj212Encoder encoder = new Hj212Encoder(SHANGHAI, Hj212Command.HOURLY, false);
        StationIdentity station = new StationIdentity("00000000000001", StationKind.OUTFALL, "123456", true);
        String frame = new String(encoder.encode(station, List.of(observation())), StandardCharsets.UTF_8);
        assertThat(frame)
                .startsWith("##")
                .endsWith("\r\n")
                .contains("ST=32;CN=2061;PW=123456;MN=00000000000001;CP=&&DataTime=20240601100000;"
                        + "001-Avg=7.62,001-Min=7.62,001-Max=7.62,001-Flag=N;060-Avg=0.42")
                .doesNotContain("QN=")
                .doesNotContain("Flag=4");
    }

    @Test
    void encode_backlog_writesOneFramePerObservation() {
        Hj212Encoder encoder = new Hj212Encoder(SHANGHAI, Hj212Command.REAL_TIME, true);
        StationIdentity station = new StationIdentity("330100000000000000000001", StationKind.DUST_SITE, "1", false);
        String frames =
                new String(encoder.encode(station, List.of(observation(), observation())), StandardCharsets.UTF_8);
        assertThat(frames.split("\r\n"))
                .hasSize(2)
                .allSatisfy(f -> assertThat(f).startsWith("##"));
    }

    private static Observation observation() {
        Map<Factor, Double> values = new LinkedHashMap<>();
        values.put(Factor.PH, 7.62);
        values.put(Factor.NH3N, 0.42);
        return new Observation(Instant.parse("2024-06-01T02:00:00Z"), values, Map.of(Factor.NH3N, 'C'));
    }
}
