package org.envmon.ingest.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which frames get the 9014 data answer (and the 1012 time) under each hj212.answer mode. */
class Hj212AnswerPolicyTest {
    private static final String MN_2017 = "010000A8900016F000169DC0";
    private static final String MN_2005 = "88888880000001";

    private static Hj212Packet packet(String cn, String mn, String flag) throws Hj212ParseException {
        String flagField = flag.isEmpty() ? "" : "Flag=" + flag + ";";
        return Hj212Parser.parse("QN=20240601100000123;ST=21;CN=" + cn + ";PW=123456;MN=" + mn + ";" + flagField
                + "CP=&&DataTime=20240601090000;w01001-Rtd=7.1&&");
    }

    @ParameterizedTest(name = "CN {0}, MN {1}, Flag ''{2}'' -> flag:{3} always:{4}")
    @CsvSource({
        // uploads: the A bit decides in flag mode
        "2011, 2017, 5, true, true",
        "2011, 2017, 4, false, true",
        "2011, 2017, 7, true, true",
        "2011, 2017, 6, false, true",
        "2061, 2017, 5, true, true",
        "2051, 2017, 1, true, true",
        "3020, 2017, 5, true, true",
        // a 2017 upload without Flag did not ask
        "2011, 2017, '', false, true",
        // a 2005 upload without Flag expects the answer
        "2011, 2005, '', true, true",
        "2031, 2005, '', true, true",
        // answers and notifications of stations, and their replies to requests: never answered
        "9011, 2017, 5, false, false",
        "9012, 2017, 5, false, false",
        "9013, 2017, 5, false, false",
        "9014, 2017, 5, false, false",
        "9014, 2005, '', false, false",
        "9015, 2017, 5, false, false",
        "1011, 2017, 5, false, false",
        "1013, 2017, 5, false, false",
        "1062, 2017, 5, false, false"
    })
    void answersWithDataAnswer_byModeCnAndFlag(
            String cn, String edition, String flag, boolean flagMode, boolean alwaysMode) throws Exception {
        Hj212Packet packet = packet(cn, "2005".equals(edition) ? MN_2005 : MN_2017, flag);

        assertThat(new Hj212AnswerPolicy(Hj212AnswerPolicy.Mode.FLAG, false).answersWithDataAnswer(packet))
                .isEqualTo(flagMode);
        assertThat(new Hj212AnswerPolicy(Hj212AnswerPolicy.Mode.ALWAYS, false).answersWithDataAnswer(packet))
                .isEqualTo(alwaysMode);
        assertThat(new Hj212AnswerPolicy(Hj212AnswerPolicy.Mode.NEVER, false).answersWithDataAnswer(packet))
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1013, true, true", "1013, false, false", "2011, true, false", "1011, true, false"})
    void answersWithTime_onlyTimeCalibrationRequestsAndOnlyWhenOn(String cn, boolean timeSync, boolean expected)
            throws Exception {
        Hj212Packet packet = packet(cn, MN_2017, "4");

        assertThat(new Hj212AnswerPolicy(Hj212AnswerPolicy.Mode.FLAG, timeSync).answersWithTime(packet))
                .isEqualTo(expected);
    }
}
