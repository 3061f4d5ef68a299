package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.envmon.ingest.testing.Hj212TestFrames.dataTime;
import static org.envmon.ingest.testing.Hj212TestFrames.frame;
import static org.envmon.ingest.testing.Hj212TestFrames.frameWithBadCrc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import org.envmon.ingest.testing.Hj212Socket;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stations speaking HJ 212 over a plain TCP socket to the real listener and database. */
class Hj212TcpIT {
    private static TestService envmon;

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start(
                "hj212_tcp",
                Map.of("ENVMON_HJ212_PORT", "0", "ENVMON_HJ212_HOST", "127.0.0.1", "ENVMON_HJ212_TIME_SYNC", "true"));
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    /** A station's connection to this test's listener. */
    private static Hj212Socket station() throws IOException {
        return new Hj212Socket(envmon.service().hj212Port().orElseThrow());
    }

    private static String realTime(String qn, String mn, int flag, Instant time, double ph) {
        return "QN=" + qn + ";ST=21;CN=2011;PW=123456;MN=" + mn + ";Flag=" + flag + ";CP=&&DataTime=" + dataTime(time)
                + ";w01001-Rtd=" + ph + ",w01001-Flag=N;w21003-Rtd=0.42,w21003-Flag=N&&";
    }

    private static Instant hourAgo() {
        return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String stationCode(int n) {
        return String.format("010000A8900016F0001%05d", n);
    }

    @Test
    void upload_answerRequested_9014ArrivesAfterRowsExist() throws Exception {
        String mn = stationCode(1);
        envmon.addStation(mn);
        try (Hj212Socket station = station()) {
            station.send(frame(realTime("20240601100000123", mn, 5, hourAgo(), 7.31)));
            String answer = station.answer();
            long stored = envmon.readingsOf(mn);
            assertThat(stored).as("rows committed when 9014 arrives").isEqualTo(2);
            assertThat(answer)
                    .startsWith("##0087QN=20240601100000123;ST=91;CN=9014;PW=123456;MN=" + mn + ";Flag=4;CP=&&&&");
            String segment = answer.substring(6, answer.length() - 4);
            assertThat(answer.substring(answer.length() - 4))
                    .isEqualTo(String.format("%04X", Hj212TestFrames.crcOf(segment)));
        }
    }

    @Test
    void upload_splitAcrossWritesAndTwoInOneWrite_eachStoredAndAnswered() throws Exception {
        String mn = stationCode(2);
        envmon.addStation(mn);
        byte[] first = frame(realTime("20240601100000001", mn, 5, hourAgo(), 7.1));
        byte[] second = frame(realTime("20240601100000002", mn, 5, hourAgo().plusSeconds(30), 7.2));
        byte[] third = frame(realTime("20240601100000003", mn, 5, hourAgo().plusSeconds(60), 7.3));
        try (Hj212Socket station = station()) {
            int half = first.length / 2;
            station.send(Arrays.copyOfRange(first, 0, half));
            assertThat(station.silentFor(Duration.ofMillis(300))).isTrue();
            station.send(Arrays.copyOfRange(first, half, first.length));
            assertThat(station.answer()).contains("QN=20240601100000001;ST=91;CN=9014");
            byte[] both = new byte[second.length + third.length];
            System.arraycopy(second, 0, both, 0, second.length);
            System.arraycopy(third, 0, both, second.length, third.length);
            station.send(both);
            assertThat(station.answer()).contains("QN=20240601100000002");
            assertThat(station.answer()).contains("QN=20240601100000003");
        }
        assertThat(envmon.readingsOf(mn)).isEqualTo(6);
    }

    @Test
    void garbageBetweenFrames_skippedAndRecordedConnectionKeepsWorking() throws Exception {
        String mn = stationCode(3);
        envmon.addStation(mn);
        try (Hj212Socket station = station()) {
            station.send(
                    frame(realTime("20240601100000011", mn, 5, hourAgo(), 7.1)),
                    "AT+CSQ\r\nnoise##xx".getBytes(StandardCharsets.US_ASCII),
                    frame(realTime("20240601100000012", mn, 5, hourAgo().plusSeconds(30), 7.2)));
            assertThat(station.answer()).contains("QN=20240601100000011");
            assertThat(station.answer()).contains("QN=20240601100000012");
        }
        assertThat(envmon.readingsOf(mn)).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(envmon.count(
                                "SELECT count(*) FROM rejected_message WHERE transport = 'hj212-tcp' AND reason = 'hj212_framing' "
                                        + "AND convert_from(raw, 'UTF8') LIKE '%AT+CSQ%'"))
                        .isEqualTo(1));
    }

    @Test
    void badCrc_quarantinedWithBothChecksumsAndNotAnswered() throws Exception {
        String mn = stationCode(4);
        envmon.addStation(mn);
        try (Hj212Socket station = station()) {
            station.send(frameWithBadCrc(realTime("20240601100000021", mn, 5, hourAgo(), 7.1)));
            assertThat(station.silentFor(Duration.ofSeconds(1))).isTrue();
            station.send(frame(realTime("20240601100000022", mn, 5, hourAgo(), 7.1)));
            assertThat(station.answer()).contains("QN=20240601100000022");
        }
        assertThat(envmon.readingsOf(mn)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(envmon.count(
                                "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = 'hj212_crc_mismatch' "
                                        + "AND detail ~ 'CRC mismatch: got [0-9A-F]{4}, computed [0-9A-F]{4} \\(standard\\)'",
                                mn))
                        .isEqualTo(1));
    }

    @Test
    void packet2005WithoutQnAndFlag_storedWithMappedCodesAndAnswered() throws Exception {
        String mn = "88888880000001";
        envmon.addStation(mn);
        String segment = "ST=32;CN=2011;PW=123456;MN=" + mn + ";CP=&&DataTime=" + dataTime(hourAgo())
                + ";001-Rtd=7.05,001-Flag=N;060-Rtd=0.61,060-Flag=P&&";
        try (Hj212Socket station = station()) {
            station.send(frame(segment));
            // HJ/T 212-2005 uploads carry no Flag to ask with: their loggers expect the answer regardless.
            assertThat(station.answer())
                    .isEqualTo(new String(
                                    frame("ST=91;CN=9014;PW=123456;MN=" + mn + ";Flag=4;CP=&&&&"),
                                    StandardCharsets.UTF_8)
                            .strip());
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(envmon.count(
                                "SELECT count(*) FROM reading r JOIN station s ON s.id = r.station_id JOIN metric m ON m.id = r.metric_id"
                                        + " WHERE s.code = ? AND ((m.code = 'w01001' AND r.value = 7.05 AND r.flag = 'N')"
                                        + " OR (m.code = 'w21003' AND r.value = 0.61 AND r.flag = 'P'))",
                                mn))
                        .isEqualTo(2));
    }

    @Test
    void hourlyData_storedAsStationAggregatesKeyedByIntervalStart() throws Exception {
        String mn = stationCode(5);
        envmon.addStation(mn);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        String segment = "QN=20240601100000031;ST=21;CN=2061;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + dataTime(hour) + ";w01001-Avg=7.62,w01001-Min=7.40,w01001-Max=7.80,w01001-Flag=N;"
                + "w21003-Avg=0.42,w21003-Flag=N&&";
        try (Hj212Socket station = station()) {
            station.send(frame(segment));
            assertThat(station.answer()).contains("QN=20240601100000031;ST=91;CN=9014");
        }
        assertThat(envmon.count(
                        "SELECT count(*) FROM station_aggregate a JOIN station s ON s.id = a.station_id "
                                + "WHERE s.code = ? AND a.period = 'hour' AND a.interval_start = ? AND a.interval_seconds = 3600",
                        mn,
                        Timestamp.from(hour)))
                .isEqualTo(2);
        assertThat(envmon.count(
                        "SELECT count(*) FROM station_aggregate a JOIN station s ON s.id = a.station_id "
                                + "WHERE s.code = ? AND a.value_avg = 7.62 AND a.value_min = 7.40 AND a.value_max = 7.80",
                        mn))
                .isEqualTo(1);
        assertThat(envmon.readingsOf(mn)).isZero();
    }

    @Test
    void timeSyncRequest_withTimeSyncOn_answeredWith1012CarryingServerTime() throws Exception {
        String mn = stationCode(6);
        envmon.addStation(mn);
        try (Hj212Socket station = station()) {
            station.send(frame("QN=20240601100000041;ST=21;CN=1013;PW=123456;MN=" + mn + ";Flag=4;CP=&&&&"));
            String reply = station.answer();
            assertThat(reply).contains(";ST=21;CN=1012;PW=123456;MN=" + mn + ";Flag=5;CP=&&SystemTime=");
            String systemTime = reply.substring(reply.indexOf("SystemTime=") + 11, reply.indexOf("SystemTime=") + 25);
            Instant sent = LocalDateTime.parse(systemTime, DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                    .atZone(Hj212TestFrames.SHANGHAI)
                    .toInstant();
            assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        }
    }

    @Test
    void wrongPassword_quarantinedNotStoredNotAnswered_rightPasswordAccepted() throws Exception {
        String mn = stationCode(7);
        envmon.addStation(mn);
        try (Connection c = envmon.connect();
                PreparedStatement s =
                        c.prepareStatement("UPDATE station SET hj212_password = 'right1' WHERE code = ?")) {
            s.setString(1, mn);
            s.executeUpdate();
        }
        try (Hj212Socket station = station()) {
            station.send(frame(realTime("20240601100000051", mn, 5, hourAgo(), 7.0)));
            assertThat(station.silentFor(Duration.ofSeconds(1))).isTrue();
            station.send(
                    frame(realTime("20240601100000052", mn, 5, hourAgo(), 7.0).replace("PW=123456", "PW=right1")));
            assertThat(station.answer()).contains("QN=20240601100000052;ST=91;CN=9014;PW=right1");
        }
        assertThat(envmon.readingsOf(mn)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(envmon.count(
                                "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = 'hj212_password_mismatch' "
                                        + "AND detail NOT LIKE '%right1%' AND detail NOT LIKE '%123456%'",
                                mn))
                        .isEqualTo(1));
    }

    @Test
    void unknownStation_quarantinedAndNotAnswered() throws Exception {
        String mn = stationCode(8);
        try (Hj212Socket station = station()) {
            station.send(frame(realTime("20240601100000061", mn, 5, hourAgo(), 7.0)));
            assertThat(station.silentFor(Duration.ofSeconds(1))).isTrue();
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(envmon.count(
                                "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = 'unknown_station' "
                                        + "AND transport = 'hj212-tcp'",
                                mn))
                        .isEqualTo(1));
    }
}
