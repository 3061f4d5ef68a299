package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.envmon.ingest.testing.Hj212TestFrames.crcOf;
import static org.envmon.ingest.testing.Hj212TestFrames.dataTime;
import static org.envmon.ingest.testing.Hj212TestFrames.frame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.envmon.ingest.testing.Hj212Socket;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HJ 212 as loggers in the field send it, over TCP to the real listener and database: wrong and 3-digit
 * lengths, a missing closing {@code &&}, extra items, statistics in real-time data, split uploads, and
 * the station's own answer frames, which must get no reply.
 */
class Hj212DialectsIT {
    private static TestService envmon;

    @BeforeAll
    static void start() throws Exception {
        envmon =
                TestService.start("hj212_dialects", Map.of("ENVMON_HJ212_PORT", "0", "ENVMON_HJ212_HOST", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    private static Hj212Socket station() throws IOException {
        return new Hj212Socket(envmon.service().hj212Port().orElseThrow());
    }

    private static String stationCode(int n) {
        return String.format(Locale.ROOT, "010000A8900016F0002%05d", n);
    }

    private static Instant hourAgo() {
        return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String upload(String qn, String mn, int flag, String cp) {
        return "QN=" + qn + ";ST=21;CN=2011;PW=123456;MN=" + mn + ";Flag=" + flag + ";CP=&&" + cp + "&&";
    }

    /** A frame whose length field says {@code length} (as a logger may get it wrong) with the right CRC. */
    private static byte[] withLengthField(String lengthField, String segment) {
        return String.format(Locale.ROOT, "##%s%s%04X\r\n", lengthField, segment, crcOf(segment))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long readingsWithValue(String mn, String metric, double value) throws Exception {
        return envmon.count(
                "SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id JOIN metric m ON m.id = r.metric_id"
                        + " WHERE s.code = ? AND m.code = ? AND r.value = ?",
                mn,
                metric,
                value);
    }

    private static double quirks(String kind) {
        var counter = envmon.service()
                .registry()
                .find("envmon.hj212.quirks")
                .tag("kind", kind)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void airStationFrame_gasesParticulatesAndACodeNoCatalogueKnows_everyValueStored() throws Exception {
        String mn = stationCode(20);
        envmon.addStation(mn);
        String cp = "DataTime=" + dataTime(hourAgo())
                + ";a21026-Rtd=12.5,a21026-Flag=N;a21004-Rtd=31.2,a21004-Flag=N;a21005-Rtd=0.85,a21005-Flag=N"
                + ";a05024-Rtd=96.0,a05024-Flag=N;a21002-Rtd=40.1,a21002-Flag=N;a21003-Rtd=5.6,a21003-Flag=N"
                + ";a34002-Rtd=68.0,a34002-Flag=N;a34004-Rtd=35.0,a34004-Flag=N;a99999-Rtd=1.25,a99999-Flag=N";

        try (Hj212Socket station = station()) {
            station.send(frame("QN=20240601100000020;ST=22;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&" + cp + "&&"));
            assertThat(station.answer()).contains("QN=20240601100000020;ST=91;CN=9014");
        }

        for (String[] value : new String[][] {
            {"a21026", "12.5"},
            {"a21004", "31.2"},
            {"a21005", "0.85"},
            {"a05024", "96.0"},
            {"a21002", "40.1"},
            {"a21003", "5.6"},
            {"a34002", "68.0"},
            {"a34004", "35.0"},
            {"a99999", "1.25"}
        }) {
            assertThat(readingsWithValue(mn, value[0], Double.parseDouble(value[1])))
                    .as(value[0])
                    .isEqualTo(1);
        }
        assertThat(envmon.count("SELECT count(*) FROM metric WHERE code = 'a99999' AND NOT catalogued"))
                .isEqualTo(1);
        assertThat(envmon.count("SELECT count(*) FROM metric WHERE code IN ('a21026', 'a05024') AND catalogued"))
                .isEqualTo(2);
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE station_code = ?", mn))
                .isZero();
    }

    @Test
    void fluegasFrameIn2005Codes_storedUnderThe2017Codes() throws Exception {
        String mn = "88888880000020";
        envmon.addStation(mn);
        String segment = "ST=31;CN=2011;PW=123456;MN=" + mn + ";CP=&&DataTime=" + dataTime(hourAgo())
                + ";01-Rtd=15.2,01-ZsRtd=18.1,01-Flag=N;02-Rtd=25.4,02-ZsRtd=30.2,02-Flag=N;03-Rtd=80.3,03-Flag=N"
                + ";B02-Rtd=3500.0,B02-Flag=N&&";

        try (Hj212Socket station = station()) {
            station.send(frame(segment));
            assertThat(station.answer()).contains("CN=9014");
        }

        assertThat(readingsWithValue(mn, "a34013", 15.2)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "a21026", 25.4)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "a21002", 80.3)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "a00000", 3500.0)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "a34013-Zs", 18.1))
                .as("converted flue dust")
                .isEqualTo(1);
        assertThat(readingsWithValue(mn, "a21026-Zs", 30.2)).as("converted SO2").isEqualTo(1);
        assertThat(envmon.count("SELECT count(*) FROM metric WHERE code IN ('a34013-Zs', 'a21026-Zs') AND catalogued"))
                .isEqualTo(2);
    }

    @Test
    void lengthCountingCrcAndLineEnd_storedAnsweredAndCounted() throws Exception {
        String mn = stationCode(1);
        envmon.addStation(mn);
        String segment = upload(
                "20240601100000001", mn, 5, "DataTime=" + dataTime(hourAgo()) + ";w01001-Rtd=7.31,w01001-Flag=N");
        int length = segment.getBytes(StandardCharsets.UTF_8).length + 6;
        double before = quirks("length_mismatch");

        try (Hj212Socket station = station()) {
            station.send(withLengthField(String.format(Locale.ROOT, "%04d", length), segment));
            assertThat(station.answer()).contains("QN=20240601100000001;ST=91;CN=9014");
        }

        assertThat(readingsWithValue(mn, "w01001", 7.31)).isEqualTo(1);
        assertThat(quirks("length_mismatch")).isEqualTo(before + 1);
    }

    @Test
    void threeDigitLengthAndNoClosingAmpersands_storedAndAnswered() throws Exception {
        String mn = stationCode(2);
        envmon.addStation(mn);
        String segment = "QN=20240601100000002;ST=21;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + dataTime(hourAgo()) + ";w01001-Rtd=7.32,w01001-Flag=N;w21003-Rtd=0.52,w21003-Flag=N";
        int length = segment.getBytes(StandardCharsets.UTF_8).length;

        try (Hj212Socket station = station()) {
            station.send(withLengthField(String.format(Locale.ROOT, "%03d", length), segment));
            assertThat(station.answer()).contains("QN=20240601100000002;ST=91;CN=9014");
        }

        assertThat(readingsWithValue(mn, "w01001", 7.32)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "w21003", 0.52)).isEqualTo(1);
        assertThat(quirks("three_digit_length")).isPositive();
        assertThat(quirks("no_cp_end")).isPositive();
    }

    @Test
    void sampleTimeEflagSnAndInfoItems_valuesStoredAndNothingQuarantined() throws Exception {
        String mn = stationCode(3);
        envmon.addStation(mn);
        String cp = "DataTime=" + dataTime(hourAgo())
                + ";w01001-Rtd=7.33,w01001-Flag=N,w01001-EFlag=A01,w01001-SampleTime=20240601090000"
                + ",w01001-SN=PH-0001;w21003-Rtd=0.53,w21003-Flag=N,w21003-Info=OK";

        try (Hj212Socket station = station()) {
            station.send(frame(upload("20240601100000003", mn, 5, cp)));
            assertThat(station.answer()).contains("QN=20240601100000003;ST=91;CN=9014");
        }

        assertThat(readingsWithValue(mn, "w01001", 7.33)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "w21003", 0.53)).isEqualTo(1);
        assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE station_code = ?", mn))
                .isZero();
    }

    @Test
    void realTimeDataWithStatisticsInsteadOfRtd_avgStoredAsReadingAndStatisticsKept() throws Exception {
        String mn = stationCode(4);
        envmon.addStation(mn);
        Instant time = hourAgo();
        String cp = "DataTime=" + dataTime(time)
                + ";w01001-Min=7.10,w01001-Avg=7.34,w01001-Max=7.60,w01001-Flag=N"
                + ";w00000-Cou=125.5,w00000-Avg=3.5,w00000-Flag=N";

        try (Hj212Socket station = station()) {
            station.send(frame(upload("20240601100000004", mn, 5, cp)));
            assertThat(station.answer()).contains("QN=20240601100000004;ST=91;CN=9014");
        }

        assertThat(readingsWithValue(mn, "w01001", 7.34)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "w00000", 3.5)).isEqualTo(1);
        assertThat(envmon.count(
                        "SELECT count(*) FROM station_aggregate a JOIN station s ON s.id = a.station_id"
                                + " WHERE s.code = ? AND a.period = 'realtime' AND a.interval_start = ?"
                                + " AND ((a.value_min = 7.10 AND a.value_avg = 7.34 AND a.value_max = 7.60)"
                                + " OR (a.value_cou = 125.5 AND a.value_avg = 3.5))",
                        mn,
                        Timestamp.from(time)))
                .isEqualTo(2);
        assertThat(quirks("statistics_in_real_time")).isPositive();
    }

    @Test
    void splitUpload_eachPartStoredAndAnsweredOnce() throws Exception {
        String mn = stationCode(5);
        envmon.addStation(mn);
        String time = dataTime(hourAgo());
        String head = "QN=20240601100000005;ST=21;CN=2011;PW=123456;MN=" + mn + ";Flag=7;PNUM=2;";

        try (Hj212Socket station = station()) {
            station.send(
                    frame(head + "PNO=1;CP=&&DataTime=" + time + ";w01001-Rtd=7.35,w01001-Flag=N&&"),
                    frame(head + "PNO=2;CP=&&DataTime=" + time + ";w21003-Rtd=0.55,w21003-Flag=N&&"));
            assertThat(station.answer()).contains("QN=20240601100000005;ST=91;CN=9014");
            assertThat(station.answer()).contains("QN=20240601100000005;ST=91;CN=9014");
            assertThat(station.silentFor(Duration.ofMillis(500))).isTrue();
        }

        assertThat(readingsWithValue(mn, "w01001", 7.35)).isEqualTo(1);
        assertThat(readingsWithValue(mn, "w21003", 0.55)).isEqualTo(1);
        assertThat(quirks("split_packet")).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9011", "9012", "9013", "9014", "1011", "1013"})
    void stationAnswersNotificationsAndRequests_getNoReplyAndTheConnectionKeepsWorking(String cn) throws Exception {
        String mn = stationCode(Integer.parseInt(cn));
        envmon.addStation(mn);
        String answer = "QN=20240601100000010;ST=91;CN=" + cn + ";PW=123456;MN=" + mn + ";Flag=5;CP=&&"
                + ("9012".equals(cn) ? "ExeRtn=1" : "9011".equals(cn) ? "QnRtn=1" : "") + "&&";

        try (Hj212Socket station = station()) {
            station.send(frame(answer));
            assertThat(station.silentFor(Duration.ofSeconds(1))).isTrue();
            station.send(
                    frame(upload("20240601100000011", mn, 5, "DataTime=" + dataTime(hourAgo()) + ";w01001-Rtd=7.36")));
            assertThat(station.answer()).contains("QN=20240601100000011;ST=91;CN=9014");
        }
    }

    @Test
    void readingOlderThanRetention_quarantinedAsBeyondRetentionBeforeTheAnswer() throws Exception {
        String mn = stationCode(6);
        envmon.addStation(mn);
        String old = dataTime(Instant.now().minus(Duration.ofDays(3700)).truncatedTo(ChronoUnit.SECONDS));

        try (Hj212Socket station = station()) {
            station.send(frame(upload("20240601100000006", mn, 5, "DataTime=" + old + ";w01001-Rtd=7.37")));
            assertThat(station.answer()).contains("QN=20240601100000006;ST=91;CN=9014");
            // Answered only once durable: the quarantine row exists when the answer arrives.
            assertThat(envmon.count(
                            "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = 'beyond_retention'",
                            mn))
                    .isEqualTo(1);
        }
        assertThat(envmon.readingsOf(mn)).isZero();
    }

    @Test
    void lengthMismatchWithBadCrc_quarantinedNotAnswered() throws Exception {
        String mn = stationCode(7);
        envmon.addStation(mn);
        String segment = upload("20240601100000007", mn, 5, "DataTime=" + dataTime(hourAgo()) + ";w01001-Rtd=7.38");
        byte[] wrongCrc = String.format(
                        Locale.ROOT, "##%04d%s%04X\r\n", segment.length() + 6, segment, (crcOf(segment) + 1) & 0xFFFF)
                .getBytes(StandardCharsets.UTF_8);

        try (Hj212Socket station = station()) {
            station.send(wrongCrc);
            assertThat(station.silentFor(Duration.ofSeconds(1))).isTrue();
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(envmon.count(
                                "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = 'hj212_crc_mismatch'",
                                mn))
                        .isEqualTo(1));
        assertThat(envmon.readingsOf(mn)).isZero();
    }
}
