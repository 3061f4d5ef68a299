package org.envmon.ingest.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.envmon.ingest.hj212.Hj212TestVectors.MN_DUST;
import static org.envmon.ingest.hj212.Hj212TestVectors.MN_WATER;
import static org.envmon.ingest.hj212.Hj212TestVectors.V1;
import static org.envmon.ingest.hj212.Hj212TestVectors.V2;
import static org.envmon.ingest.hj212.Hj212TestVectors.V4;
import static org.envmon.ingest.hj212.Hj212TestVectors.frameOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.segmentOf;
import static org.envmon.ingest.hj212.Hj212TestVectors.utf8;
import static org.envmon.ingest.hj212.Hj212TestVectors.wire;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.payload.StationAggregate.Period;
import org.envmon.ingest.payload.TimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Hj212DecoderTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Server clock: 2024-06-01 20:00 in Shanghai, the day of the vectors. */
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    private static final short PH = 1;
    private static final short DO = 2;
    private static final short CODMN = 3;
    private static final short NH3N = 4;
    private static final short TP = 5;
    private static final short TSP = 10;
    private static final short PM10 = 11;
    private static final short PM25 = 12;
    private static final short AIR_TEMP = 13;
    private static final short HUMIDITY = 14;
    private static final short PRESSURE = 15;
    private static final short WIND_SPEED = 16;
    private static final short WIND_DIR = 17;
    private static final short NOISE = 18;

    private static final MetricCatalog CATALOG = new MetricCatalog(List.of(
            new Metric(PH, "w01001", "001", "pH", "", 2, List.of("ph")),
            new Metric(DO, "w01009", null, "dissolved oxygen", "mg/L", 2, List.of()),
            new Metric(CODMN, "w01019", null, "CODMn", "mg/L", 2, List.of()),
            new Metric(NH3N, "w21003", "060", "ammonia nitrogen", "mg/L", 3, List.of()),
            new Metric(TP, "w21011", "101", "total phosphorus", "mg/L", 3, List.of()),
            new Metric(TSP, "a34001", null, "TSP", "µg/m³", 1, List.of()),
            new Metric(PM10, "a34002", null, "PM10", "µg/m³", 1, List.of()),
            new Metric(PM25, "a34004", null, "PM2.5", "µg/m³", 1, List.of()),
            new Metric(AIR_TEMP, "a01001", null, "air temperature", "°C", 1, List.of()),
            new Metric(HUMIDITY, "a01002", null, "humidity", "%", 1, List.of()),
            new Metric(PRESSURE, "a01006", null, "pressure", "kPa", 1, List.of()),
            new Metric(WIND_SPEED, "a01007", null, "wind speed", "m/s", 1, List.of()),
            new Metric(WIND_DIR, "a01008", null, "wind direction", "°", 0, List.of()),
            new Metric(NOISE, "LA", null, "noise", "dB(A)", 1, List.of())));

    private final StationDirectory stations = new StationDirectory();
    private final Hj212Decoder decoder = new Hj212Decoder(
            new FactorLookup(CATALOG, FactorLookup.UnknownFactors.QUARANTINE),
            new TimeWindow(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10), Duration.ofDays(3650)));

    private void station(String mn, ZoneId zone, Optional<String> password, CrcMode crcMode) {
        stations.put(mn, new StationProfile(stations.size() + 1, zone, password, crcMode));
    }

    private void station(String mn) {
        station(mn, SHANGHAI, Optional.empty(), CrcMode.STANDARD);
    }

    /**
     * What the edge does with a frame: parse it once, refuse it when its MN is not the expected
     * station, else decode it with the settings of the station it names (registered by the test, or
     * those of a station registered on first data: no PW, standard CRC, Shanghai time).
     */
    private Hj212Content decodeFrame(
            Hj212Frame frame, Optional<String> expected, Optional<StationProfile> known, boolean passwordRequired) {
        Hj212Packet packet;
        try {
            packet = Hj212Parser.parse(frame.segmentText());
        } catch (Hj212ParseException e) {
            return new Hj212Content.Refused(RejectReason.HJ212_MALFORMED, e.getMessage(), expected.orElse(null));
        }
        if (expected.isPresent() && !expected.get().equals(packet.mn())) {
            return decoder.foreign(frame, packet, expected.get(), stations.profileOf(packet.mn()));
        }
        StationProfile profile = known.or(() -> stations.profileOf(packet.mn()))
                .orElseGet(() -> new StationProfile(99, SHANGHAI, Optional.empty(), CrcMode.STANDARD));
        return decoder.decode(frame, packet, profile, passwordRequired);
    }

    private Hj212Content decodeFrame(Hj212Frame frame, Optional<String> expected) {
        return decodeFrame(frame, expected, Optional.empty(), false);
    }

    private Hj212Content decode(byte[] wire) {
        return decodeFrame(frameOf(wire), Optional.empty());
    }

    private Hj212Content decodeSegment(String segment) {
        return decode(Hj212Answers.frame(segment));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"2024-06-01 10:00:00", "2024/06/01 10:00:00", "2024-06-01T10:00:00", "2024-06-01 10:00:00.250"})
    void decode_dataTimeWrittenWithSeparators_readAsTheSameTime(String dataTime) {
        station(MN_WATER);
        Hj212Content.Accepted content = accepted(decodeSegment("QN=20240601100000123;ST=21;CN=2011;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=" + dataTime + ";w01001-Rtd=7.1&&"));

        assertThat(content.readings())
                .singleElement()
                .satisfies(reading -> assertThat(reading.time()).isEqualTo(Instant.parse("2024-06-01T02:00:00Z")));
    }

    @Test
    void decode_convertedValues_storedAsTheFactorsConvertedCodeWithItsFlag() throws Exception {
        Hj212Decoder registering = new Hj212Decoder(
                new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER),
                new TimeWindow(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10), Duration.ofDays(3650)));
        Hj212Frame frame = frameOf(Hj212Answers.frame("QN=20240601100000123;ST=31;CN=2011;PW=123456;MN=" + MN_WATER
                + ";Flag=4;CP=&&DataTime=20240601100000;a34001-Rtd=15.2,a34001-ZsRtd=18.1,a34001-Flag=M&&"));

        Hj212Content.Accepted content = accepted(registering.decode(
                frame,
                Hj212Parser.parse(frame.segmentText()),
                new StationProfile(1, SHANGHAI, Optional.empty(), CrcMode.STANDARD),
                false));

        Instant time = content.readings().get(0).time();
        assertThat(content.readings())
                .containsExactly(new Reading(time, TSP, 15.2, 'M'), Reading.ofNewFactor(time, "a34001-Zs", 18.1, 'M'));
        assertThat(content.problems()).isEmpty();
    }

    @Test
    void decode_unknownCodesWhenRegistering_newFactorReadingsAndStatisticsNothingQuarantined() throws Exception {
        Hj212Decoder registering = new Hj212Decoder(
                new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER),
                new TimeWindow(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10), Duration.ofDays(3650)));
        Hj212Frame frame = frameOf(Hj212Answers.frame("QN=20240601100000123;ST=22;CN=2011;PW=123456;MN=" + MN_WATER
                + ";Flag=4;CP=&&DataTime=20240601100000;a21026-Rtd=12.5,a21026-Flag=N;w01001-Rtd=7.1;"
                + "a99001-Avg=3.5,a99001-Cou=125.5&&"));
        Hj212Packet packet = Hj212Parser.parse(frame.segmentText());

        Hj212Content.Accepted content = accepted(registering.decode(
                frame, packet, new StationProfile(1, SHANGHAI, Optional.empty(), CrcMode.STANDARD), false));

        Instant time = content.readings().get(0).time();
        assertThat(content.readings())
                .containsExactly(
                        Reading.ofNewFactor(time, "a21026", 12.5, 'N'),
                        new Reading(time, PH, 7.1, 'N'),
                        Reading.ofNewFactor(time, "a99001", 3.5, 'N'));
        assertThat(content.aggregates()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.newFactor()).isEqualTo("a99001");
            assertThat(aggregate.cou()).hasValue(125.5);
        });
        assertThat(content.problems()).isEmpty();
    }

    private static Hj212Content.Accepted accepted(Hj212Content content) {
        assertThat(content).isInstanceOf(Hj212Content.Accepted.class);
        return (Hj212Content.Accepted) content;
    }

    private static Hj212Content.Refused refused(Hj212Content content) {
        assertThat(content).isInstanceOf(Hj212Content.Refused.class);
        return (Hj212Content.Refused) content;
    }

    /** Vector 4's segment with {@code from} replaced by {@code to}. */
    private static String v4With(String from, String to) {
        String segment = segmentOf(V4);
        assertThat(segment).contains(from);
        return segment.replace(from, to);
    }

    private static byte[] wireWithCrc(String segment, String crcText) {
        byte[] bytes = utf8(segment);
        return utf8(String.format("##%04d", bytes.length) + segment + crcText + "\r\n");
    }

    // ---- real-time data (CN 2011) ----

    @Test
    void decode_vector4RealTimeDust_yieldsNineReadingsAtStationTime() {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(decode(wire(V4)));

        Instant t = Instant.parse("2024-06-01T02:00:00Z");
        assertThat(result.problems()).isEmpty();
        assertThat(result.aggregates()).isEmpty();
        assertThat(result.packet().cn()).isEqualTo("2011");
        assertThat(result.readings())
                .extracting(Reading::time, Reading::metricId, Reading::value, Reading::flag)
                .containsExactly(
                        tuple(t, TSP, 215.3, 'N'),
                        tuple(t, PM10, 98.1, 'N'),
                        tuple(t, PM25, 45.0, 'N'),
                        tuple(t, AIR_TEMP, 24.5, 'N'),
                        tuple(t, HUMIDITY, 61.0, 'N'),
                        tuple(t, WIND_SPEED, 1.8, 'N'),
                        tuple(t, WIND_DIR, 135.0, 'N'),
                        tuple(t, PRESSURE, 101.2, 'N'),
                        tuple(t, NOISE, 62.3, 'N'));
    }

    @Test
    void decode_unknownStation_usesDefaultZoneAndStandardCrc() {
        Hj212Content.Accepted result = accepted(decode(wire(V4)));

        assertThat(result.readings())
                .hasSize(9)
                .extracting(Reading::time)
                .containsOnly(Instant.parse("2024-06-01T02:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "Asia/Shanghai, 2024-06-01T02:00:00Z",
        "UTC, 2024-06-01T10:00:00Z",
        "Asia/Kolkata, 2024-06-01T04:30:00Z",
        "Europe/Berlin, 2024-06-01T08:00:00Z"
    })
    void decode_stationZone_shiftsTheDataTimeInstant(String zone, String expected) {
        station(MN_DUST, ZoneId.of(zone), Optional.empty(), CrcMode.STANDARD);

        Hj212Content.Accepted result = accepted(decode(wire(V4)));

        assertThat(result.readings()).hasSize(9).extracting(Reading::time).containsOnly(Instant.parse(expected));
    }

    @Test
    void decode_dataTimeMissing_isRefusedAsInvalidTime() {
        station(MN_DUST);

        Hj212Content.Refused result = refused(decodeSegment(v4With("DataTime=20240601100000;", "")));

        assertThat(result.reason()).isEqualTo(RejectReason.INVALID_TIME);
        assertThat(result.detail()).contains("DataTime");
        assertThat(result.stationCode()).isEqualTo(MN_DUST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024060110", "20241301100000", "2024-06-01 10:00", "abcdefghijklmn"})
    void decode_dataTimeNotYyyyMMddHHmmss_isRefusedAsInvalidTime(String dataTime) {
        station(MN_DUST);

        Hj212Content.Refused result = refused(decodeSegment(v4With("DataTime=20240601100000", "DataTime=" + dataTime)));

        assertThat(result.reason()).isEqualTo(RejectReason.INVALID_TIME);
        assertThat(result.detail()).contains(dataTime);
    }

    @Test
    void decode_dataTimeFarAhead_isRefusedAsTimeInFuture() {
        station(MN_DUST);

        Hj212Content.Refused result =
                refused(decodeSegment(v4With("DataTime=20240601100000", "DataTime=20240602100000")));

        assertThat(result.reason()).isEqualTo(RejectReason.TIME_IN_FUTURE);
        assertThat(result.stationCode()).isEqualTo(MN_DUST);
    }

    @Test
    void decode_unknownFactorCode_isAProblemAndTheOthersAreStored() {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(
                decodeSegment(v4With("LA-Rtd=62.3,LA-Flag=N", "LA-Rtd=62.3,LA-Flag=N;zz9999-Rtd=1.5,zz9999-Flag=N")));

        assertThat(result.readings()).hasSize(9);
        assertThat(result.readings()).extracting(Reading::metricId).doesNotHaveDuplicates();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.UNKNOWN_METRIC);
            assertThat(problem.detail()).contains("zz9999");
            assertThat(problem.raw()).isNotEmpty();
        });
    }

    @Test
    void decode_invalidFlag_dropsThatValueWithAnInvalidFlagProblem() {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(decodeSegment(v4With("a34001-Flag=N", "a34001-Flag=X")));

        assertThat(result.readings()).hasSize(8).extracting(Reading::metricId).doesNotContain(TSP);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.INVALID_FLAG);
            assertThat(problem.detail()).contains("a34001").contains("'X'");
        });
    }

    @Test
    void decode_invalidValue_dropsThatValueWithAnInvalidValueProblem() {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(decodeSegment(v4With("a34002-Rtd=98.1", "a34002-Rtd=NaN")));

        assertThat(result.readings()).hasSize(8).extracting(Reading::metricId).doesNotContain(PM10);
        assertThat(result.problems())
                .singleElement()
                .extracting(Problem::reason)
                .isEqualTo(RejectReason.INVALID_VALUE);
    }

    @ParameterizedTest
    @CsvSource({"P, P", "D, D", "B, B", "T, T", "M, M", "n, N"})
    void decode_knownFlags_areStoredWithTheReading(String sent, char stored) {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(decodeSegment(v4With("a34001-Flag=N", "a34001-Flag=" + sent)));

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings())
                .filteredOn(reading -> reading.metricId() == TSP)
                .extracting(Reading::flag)
                .containsExactly(stored);
    }

    @Test
    void decode_missingFlag_defaultsToNormal() {
        station(MN_DUST);

        Hj212Content.Accepted result =
                accepted(decodeSegment(v4With("a34001-Rtd=215.3,a34001-Flag=N;", "a34001-Rtd=215.3;")));

        assertThat(result.readings())
                .filteredOn(reading -> reading.metricId() == TSP)
                .extracting(Reading::flag)
                .containsExactly('N');
    }

    @Test
    void decode_2005PacketWith2005Codes_mapsToThe2017Metrics() {
        String mn2005 = "88888880000001";
        station(mn2005);

        Hj212Content.Accepted result = accepted(decodeSegment("ST=21;CN=2011;PW=123456;MN=" + mn2005
                + ";CP=&&DataTime=20240601100000;001-Rtd=7.1,001-Flag=N;060-Rtd=0.5,060-Flag=P&&"));

        Instant t = Instant.parse("2024-06-01T02:00:00Z");
        assertThat(result.problems()).isEmpty();
        assertThat(result.packet().dialect()).isEqualTo(Hj212Packet.Dialect.HJ212_2005);
        assertThat(result.readings())
                .extracting(Reading::time, Reading::metricId, Reading::value, Reading::flag)
                .containsExactly(tuple(t, PH, 7.1, 'N'), tuple(t, NH3N, 0.5, 'P'));
    }

    @Test
    void decode_aliasAndUpperCaseCodes_resolve() {
        station(MN_WATER);

        Hj212Content.Accepted result = accepted(decodeSegment("QN=20240601100000123;ST=21;CN=2011;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=20240601100000;ph-Rtd=7.3;W01009-Rtd=8.1&&"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings())
                .extracting(Reading::metricId, Reading::value)
                .containsExactly(tuple(PH, 7.3), tuple(DO, 8.1));
    }

    // ---- aggregates (CN 2051/2061/2031) ----

    @Test
    void decode_vector2Hourly_yieldsFiveHourAggregatesAtIntervalStart() {
        station(MN_WATER);

        Hj212Content.Accepted result = accepted(decode(wire(V2)));

        Instant start = Instant.parse("2024-06-01T01:00:00Z");
        assertThat(result.problems()).isEmpty();
        assertThat(result.readings()).isEmpty();
        assertThat(result.aggregates())
                .extracting(
                        StationAggregate::intervalStart,
                        StationAggregate::metricId,
                        StationAggregate::period,
                        StationAggregate::avg,
                        StationAggregate::flag)
                .containsExactly(
                        tuple(start, PH, Period.HOUR, OptionalDouble.of(7.62), 'N'),
                        tuple(start, DO, Period.HOUR, OptionalDouble.of(6.85), 'N'),
                        tuple(start, CODMN, Period.HOUR, OptionalDouble.of(3.2), 'N'),
                        tuple(start, NH3N, Period.HOUR, OptionalDouble.of(0.42), 'N'),
                        tuple(start, TP, Period.HOUR, OptionalDouble.of(0.112), 'N'));
        assertThat(result.aggregates()).allSatisfy(aggregate -> {
            assertThat(aggregate.min()).isEmpty();
            assertThat(aggregate.max()).isEmpty();
            assertThat(aggregate.cou()).isEmpty();
        });
    }

    @ParameterizedTest
    @CsvSource({"2051, MINUTE", "2061, HOUR", "2031, DAY"})
    void decode_statisticCommands_mapToTheirPeriod(String cn, Period period) {
        station(MN_WATER);
        String segment = segmentOf(V2).replace("CN=2061", "CN=" + cn);

        Hj212Content.Accepted result = accepted(decodeSegment(segment));

        assertThat(result.aggregates())
                .hasSize(5)
                .extracting(StationAggregate::period)
                .containsOnly(period);
    }

    @Test
    void decode_minMaxAvgCou_areAllKept() {
        station(MN_WATER);

        Hj212Content.Accepted result = accepted(decodeSegment("QN=20240601100000123;ST=32;CN=2031;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=20240531000000;"
                + "w21003-Min=0.1,w21003-Avg=0.4,w21003-Max=0.9,w21003-Cou=12.5,w21003-Flag=M&&"));

        assertThat(result.aggregates()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.intervalStart()).isEqualTo(Instant.parse("2024-05-30T16:00:00Z"));
            assertThat(aggregate.metricId()).isEqualTo(NH3N);
            assertThat(aggregate.period()).isEqualTo(Period.DAY);
            assertThat(aggregate.min()).hasValue(0.1);
            assertThat(aggregate.avg()).hasValue(0.4);
            assertThat(aggregate.max()).hasValue(0.9);
            assertThat(aggregate.cou()).hasValue(12.5);
            assertThat(aggregate.flag()).isEqualTo('M');
        });
    }

    @Test
    void decode_aggregateWithInvalidFlag_isDroppedWithAProblem() {
        station(MN_WATER);

        Hj212Content.Accepted result =
                accepted(decodeSegment(segmentOf(V2).replace("w01009-Flag=N", "w01009-Flag=ZZ")));

        assertThat(result.aggregates())
                .hasSize(4)
                .extracting(StationAggregate::metricId)
                .doesNotContain(DO);
        assertThat(result.problems())
                .singleElement()
                .extracting(Problem::reason)
                .isEqualTo(RejectReason.INVALID_FLAG);
    }

    // ---- CRC modes ----

    @Test
    void decode_badCrc_isRefusedNamingBothChecksums() {
        station(MN_DUST);
        byte[] bad = wireWithCrc(segmentOf(V4), "D4C2");

        Hj212Content.Refused result = refused(decode(bad));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_CRC_MISMATCH);
        assertThat(result.detail()).contains("got D4C2, computed D4C1 (standard)");
        assertThat(result.stationCode()).isEqualTo(MN_DUST);
    }

    @Test
    void decode_badCrcFromUnknownStation_isRefused() {
        Hj212Content.Refused result = refused(decode(wireWithCrc(segmentOf(V4), "0000")));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_CRC_MISMATCH);
        assertThat(result.detail()).contains("got 0000, computed D4C1 (standard)");
    }

    @Test
    void decode_badCrcWithStationModeOff_isAccepted() {
        station(MN_DUST, SHANGHAI, Optional.empty(), CrcMode.OFF);

        Hj212Content.Accepted result = accepted(decode(wireWithCrc(segmentOf(V4), "D4C2")));

        assertThat(result.readings()).hasSize(9);
    }

    @Test
    void decode_modbusCrcWithStationModeModbus_isAccepted() {
        station(MN_DUST, SHANGHAI, Optional.empty(), CrcMode.MODBUS);

        Hj212Content.Accepted result = accepted(decode(wireWithCrc(segmentOf(V4), modbusCrc(segmentOf(V4)))));

        assertThat(result.readings()).hasSize(9);
    }

    @Test
    void decode_modbusCrcWithStationModeStandard_isRefused() {
        station(MN_DUST, SHANGHAI, Optional.empty(), CrcMode.STANDARD);
        String modbus = modbusCrc(segmentOf(V4));

        Hj212Content.Refused result = refused(decode(wireWithCrc(segmentOf(V4), modbus)));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_CRC_MISMATCH);
        assertThat(result.detail()).contains("got " + modbus + ", computed D4C1 (standard)");
    }

    @Test
    void decode_standardCrcWithStationModeModbus_isRefused() {
        station(MN_DUST, SHANGHAI, Optional.empty(), CrcMode.MODBUS);

        Hj212Content.Refused result = refused(decode(wire(V4)));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_CRC_MISMATCH);
        assertThat(result.detail()).contains("got D4C1, computed " + modbusCrc(segmentOf(V4)) + " (modbus)");
    }

    @Test
    void decode_lowerCaseCrc_isAccepted() {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(decode(wireWithCrc(segmentOf(V4), "d4c1")));

        assertThat(result.readings()).hasSize(9);
    }

    @Test
    void decode_charCountedChineseFrame_checksTheCrcOverUtf8Bytes() {
        station(MN_DUST);
        String segment = v4With("LA-Rtd=62.3,LA-Flag=N", "LA-Rtd=62.3,LA-Flag=N,LA-Info=扬尘");
        String crc = Hj212Crc.hex(Hj212Crc.standard(utf8(segment), 0, utf8(segment).length));
        byte[] charCounted = utf8(String.format("##%04d", segment.length()) + segment + crc + "\r\n");
        Hj212Frame frame = frameOf(charCounted);

        Hj212Content.Accepted result = accepted(decodeFrame(frame, Optional.empty()));

        assertThat(frame.charCountLength()).isTrue();
        assertThat(result.readings()).hasSize(9);
    }

    // ---- MN and password ----

    @Test
    void decode_stationWithoutPasswordWhenTransportRequiresOne_isRefusedNamingTheFix() {
        station(MN_DUST, SHANGHAI, Optional.empty(), CrcMode.STANDARD);

        Hj212Content.Refused result = refused(decodeFrame(frameOf(wire(V4)), Optional.empty(), Optional.empty(), true));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_PASSWORD_UNSET);
        assertThat(result.detail()).contains("--hj212-password").doesNotContain("123456");
    }

    @Test
    void decode_stationWithoutPasswordWhenNotRequired_isAccepted() {
        station(MN_DUST, SHANGHAI, Optional.empty(), CrcMode.STANDARD);

        assertThat(accepted(decodeFrame(frameOf(wire(V4)), Optional.empty(), Optional.empty(), false))
                        .readings())
                .hasSize(9);
    }

    @Test
    void decode_stationWithPasswordWhenRequired_isAccepted() {
        station(MN_DUST, SHANGHAI, Optional.of("123456"), CrcMode.STANDARD);

        assertThat(accepted(decodeFrame(frameOf(wire(V4)), Optional.empty(), Optional.empty(), true))
                        .readings())
                .hasSize(9);
    }

    @Test
    void decode_passwordMismatch_isRefusedWithoutRevealingEitherPassword() {
        station(MN_DUST, SHANGHAI, Optional.of("s3cr3t"), CrcMode.STANDARD);

        Hj212Content.Refused result = refused(decode(wire(V4)));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_PASSWORD_MISMATCH);
        assertThat(result.stationCode()).isEqualTo(MN_DUST);
        assertThat(result.detail()).doesNotContain("s3cr3t").doesNotContain("123456");
    }

    @Test
    void decode_passwordMissingWhenRequired_isRefused() {
        station(MN_DUST, SHANGHAI, Optional.of("123456"), CrcMode.STANDARD);

        Hj212Content.Refused result = refused(decodeSegment(v4With("PW=123456;", "")));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_PASSWORD_MISMATCH);
        assertThat(result.detail()).doesNotContain("123456").contains("missing");
    }

    @Test
    void decode_passwordMatches_isAccepted() {
        station(MN_DUST, SHANGHAI, Optional.of("123456"), CrcMode.STANDARD);

        assertThat(accepted(decode(wire(V4))).readings()).hasSize(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PW=123456;", "PW=999999;", "PW=;", ""})
    void decode_noPasswordSet_anyPwIsAccepted(String pwField) {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(decodeSegment(v4With("PW=123456;", pwField)));

        assertThat(result.readings()).hasSize(9);
    }

    @Test
    void decode_expectedStationDiffersFromMn_isRefusedAsMnMismatch() {
        station(MN_DUST);

        Hj212Content.Refused result = refused(decodeFrame(frameOf(wire(V4)), Optional.of(MN_WATER)));

        assertThat(result.reason()).isEqualTo(RejectReason.MN_MISMATCH);
        assertThat(result.detail()).contains(MN_DUST).contains(MN_WATER);
        assertThat(result.stationCode()).isEqualTo(MN_DUST);
    }

    @Test
    void decode_expectedStationEqualsMn_isAccepted() {
        station(MN_DUST);

        Hj212Content.Accepted result = accepted(decodeFrame(frameOf(wire(V4)), Optional.of(MN_DUST)));

        assertThat(result.readings()).hasSize(9);
    }

    // ---- other commands and malformed segments ----

    @ParameterizedTest
    @ValueSource(strings = {"9015", "2081", "2041", "1013", "1062"})
    void decode_otherCn_isAcceptedWithoutData(String cn) {
        station(MN_WATER);

        Hj212Content.Accepted result = accepted(decodeSegment("QN=20240601100000123;ST=21;CN=" + cn + ";PW=123456;MN="
                + MN_WATER + ";Flag=5;CP=&&RestartTime=20240601080000&&"));

        assertThat(result.packet().cn()).isEqualTo(cn);
        assertThat(result.readings()).isEmpty();
        assertThat(result.aggregates()).isEmpty();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void decode_vector1_isAcceptedWithoutData() {
        Hj212Content.Accepted result = accepted(decode(wire(V1)));

        assertThat(result.packet().cpFields()).containsEntry("RtdInterval", "30");
        assertThat(result.readings()).isEmpty();
        assertThat(result.aggregates()).isEmpty();
    }

    @Test
    void decode_segmentWithoutMn_isRefusedAsMalformed() {
        Hj212Content.Refused result = refused(decodeFrame(
                frameOf(Hj212Answers.frame(
                        "QN=20240601100000123;ST=21;CN=2011;PW=123456;Flag=4;CP=&&DataTime=20240601100000&&")),
                Optional.of("station-7")));

        assertThat(result.reason()).isEqualTo(RejectReason.HJ212_MALFORMED);
        assertThat(result.detail()).contains("MN");
        assertThat(result.stationCode()).isEqualTo("station-7");
    }

    private static String modbusCrc(String segment) {
        byte[] bytes = utf8(segment);
        String modbus = Hj212Crc.hex(Hj212Crc.modbus(bytes, 0, bytes.length));
        assertThat(modbus).isNotEqualTo(Hj212Crc.hex(Hj212Crc.standard(bytes, 0, bytes.length)));
        return modbus;
    }

    // ---- regressions ----

    @Test
    void decode_hourlyFactorWhoseOnlyStatisticIsInvalid_noAggregateAndProblemRecorded() {
        station(MN_WATER);
        Hj212Content.Accepted content = accepted(decodeSegment("QN=20240601100000123;ST=21;CN=2061;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=20240601090000;w01001-Avg=abc,w01001-Flag=N;"
                + "w21003-Avg=0.42,w21003-Flag=N&&"));

        assertThat(content.aggregates())
                .singleElement()
                .satisfies(aggregate -> assertThat(aggregate.avg()).hasValue(0.42));
        assertThat(content.problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.reason()).isEqualTo(RejectReason.INVALID_VALUE));
    }

    @Test
    void decode_realTimeFactorWithStatisticsButNoRtd_avgIsTheReadingAndTheStatisticsAreKept() {
        station(MN_WATER);
        Hj212Content.Accepted content = accepted(decodeSegment("QN=20240601100000123;ST=21;CN=2011;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=20240601100000;w01001-Min=6.9,w01001-Avg=7.1,w01001-Max=7.3;"
                + "w21003-Rtd=0.42&&"));

        assertThat(content.readings()).extracting(Reading::value).containsExactly(7.1, 0.42);
        assertThat(content.aggregates()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.period()).isEqualTo(StationAggregate.Period.REAL_TIME);
            assertThat(aggregate.min()).hasValue(6.9);
            assertThat(aggregate.avg()).hasValue(7.1);
            assertThat(aggregate.max()).hasValue(7.3);
            assertThat(aggregate.cou()).isEmpty();
            assertThat(aggregate.intervalStart())
                    .isEqualTo(content.readings().get(0).time());
        });
        assertThat(content.problems()).isEmpty();
        assertThat(content.quirks()).containsExactly(Hj212Quirk.STATISTICS_IN_REAL_TIME);
    }

    @Test
    void decode_realTimeFactorWithOnlyACumulativeValue_statisticKeptNoReading() {
        station(MN_WATER);
        Hj212Content.Accepted content = accepted(decodeSegment("QN=20240601100000123;ST=32;CN=2011;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=20240601100000;w21011-Cou=125.5,w21011-Flag=N&&"));

        assertThat(content.readings()).isEmpty();
        assertThat(content.aggregates())
                .singleElement()
                .satisfies(aggregate -> assertThat(aggregate.cou()).hasValue(125.5));
        assertThat(content.problems()).isEmpty();
    }

    @Test
    void decode_realTimeFactorWithRtdAndStatistics_rtdIsTheReadingAndTheStatisticsAreKept() {
        station(MN_WATER);
        Hj212Content.Accepted content = accepted(decodeSegment("QN=20240601100000123;ST=21;CN=2011;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=20240601100000;w01001-Rtd=7.2,w01001-Avg=7.1&&"));

        assertThat(content.readings()).extracting(Reading::value).containsExactly(7.2);
        assertThat(content.aggregates())
                .singleElement()
                .satisfies(aggregate -> assertThat(aggregate.avg()).hasValue(7.1));
    }

    @Test
    void decode_hourlyFactorWithOnlyRtd_recordedNotSilentlyDropped() {
        station(MN_WATER);
        Hj212Content.Accepted content = accepted(decodeSegment("QN=20240601100000123;ST=21;CN=2061;PW=123456;MN="
                + MN_WATER + ";Flag=4;CP=&&DataTime=20240601090000;w01001-Rtd=7.1;w21003-Avg=0.42&&"));

        assertThat(content.aggregates()).hasSize(1);
        assertThat(content.problems())
                .singleElement()
                .satisfies(problem ->
                        assertThat(problem.detail()).contains("w01001").contains("-Rtd"));
    }
}
