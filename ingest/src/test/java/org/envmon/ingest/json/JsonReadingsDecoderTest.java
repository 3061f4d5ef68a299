package org.envmon.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReadingsDecoderTest {
    private static final short PH = 1;
    private static final short DO = 2;
    private static final short NH3N = 9;

    /** Server clock: 2026-11-29 08:30 in Shanghai. */
    private static final Instant NOW = Instant.parse("2026-11-29T00:30:00Z");

    private static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    private static final Duration RETENTION = Duration.ofDays(30);

    private static final MetricCatalog CATALOG = new MetricCatalog(List.of(
            new Metric(PH, "w01001", "001", "pH", "", 2, List.of("ph")),
            new Metric(DO, "w01009", null, "dissolved oxygen", "mg/L", 2, List.of("do")),
            new Metric(NH3N, "w21003", "060", "ammonia nitrogen", "mg/L", 3, List.of("nh3n"))));

    private final JsonReadingsDecoder decoder = new JsonReadingsDecoder(
            new FactorLookup(CATALOG, FactorLookup.UnknownFactors.QUARANTINE),
            Clock.fixed(NOW, ZoneOffset.UTC),
            MAX_FUTURE_SKEW,
            RETENTION,
            ZoneId.of("Asia/Shanghai"));

    private DecodedPayload decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decode_unknownCodesWhenRegistering_newFactorValuesWithTheirFlagsBesideTheCataloguedOnes() {
        JsonReadingsDecoder registering = new JsonReadingsDecoder(
                new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER),
                Clock.fixed(NOW, ZoneOffset.UTC),
                MAX_FUTURE_SKEW,
                RETENTION,
                ZoneId.of("Asia/Shanghai"));
        Instant ts = NOW.minusSeconds(60);

        DecodedPayload result = registering.decode(("{\"ts\":\"" + ts + "\",\"values\":{\"ph\":7.1,\"SO2\":12.5,"
                        + "\"x 1\":3},\"flags\":{\"SO2\":\"M\"}}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(result.readings())
                .containsExactly(new Reading(ts, PH, 7.1, 'N'), Reading.ofNewFactor(ts, "SO2", 12.5, 'M'));
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.UNKNOWN_METRIC);
            assertThat(problem.detail()).contains("'x 1' is not a factor code");
        });
    }

    @Test
    void decode_arrayOfManyBadElements_listsTheFirstHundredAndCountsTheRest() {
        DecodedPayload result = decode(
                "[" + "{},".repeat(170_000) + "{\"ts\":\"" + NOW.minusSeconds(60) + "\",\"values\":{\"ph\":7.1}}]");

        assertThat(result.readings()).extracting(Reading::value).containsExactly(7.1);
        assertThat(result.problems()).hasSize(JsonReadingsDecoder.MAX_LISTED_PROBLEMS + 1);
        assertThat(result.problems().get(0).detail()).startsWith("element 0: ");
        Problem rest = result.problems().get(JsonReadingsDecoder.MAX_LISTED_PROBLEMS);
        assertThat(rest.reason()).isEqualTo(RejectReason.INVALID_TIME);
        assertThat(rest.detail()).startsWith((170_000 - JsonReadingsDecoder.MAX_LISTED_PROBLEMS) + " more problem(s)");
    }

    @Test
    void decode_elementWithManyUnknownFactors_namesTheFirstTwentyAndCountsTheRest() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            values.append("\"x").append(i).append("\":1,");
        }
        DecodedPayload result =
                decode("{\"ts\":\"" + NOW.minusSeconds(60) + "\",\"values\":{" + values + "\"ph\":7.1}}");

        assertThat(result.readings()).extracting(Reading::value).containsExactly(7.1);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.UNKNOWN_METRIC);
            assertThat(problem.detail())
                    .contains("unknown factor code 'x0'", "unknown factor code 'x19'")
                    .doesNotContain("'x20'")
                    .contains("and " + (50_000 - JsonReadingsDecoder.MAX_NAMED_FACTOR_PROBLEMS) + " more problem(s)")
                    .hasSizeLessThan(4096);
        });
    }

    @Test
    void decode_singleObjectWithOffsetTime_readingsCarryStationTime() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":7.12,"w01009":8.5}}""");

        Instant stationTime = Instant.parse("2026-11-29T00:00:00Z");
        assertThat(result.problems()).isEmpty();
        assertThat(result.readings())
                .extracting(Reading::time, Reading::metricId, Reading::value, Reading::flag)
                .containsExactlyInAnyOrder(tuple(stationTime, PH, 7.12, 'N'), tuple(stationTime, DO, 8.5, 'N'));
    }

    @Test
    void decode_utcDesignator_isAccepted() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T00:05:00Z","values":{"w01001":7}}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings()).extracting(Reading::time).containsExactly(Instant.parse("2026-11-29T00:05:00Z"));
    }

    @Test
    void decode_arrayOfObjects_decodesEveryElement() {
        DecodedPayload result = decode("""
                [{"ts":"2026-11-29T07:00:00+08:00","values":{"w01001":7.0}},
                 {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":7.2}}]""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings())
                .extracting(Reading::time, Reading::value)
                .containsExactly(
                        tuple(Instant.parse("2026-11-28T23:00:00Z"), 7.0),
                        tuple(Instant.parse("2026-11-29T00:00:00Z"), 7.2));
    }

    @Test
    void decode_aliasAnd2005CodeKeysInAnyCase_resolveToCatalogMetrics() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"PH":7.1,"Do":8.0,"060":0.25}}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings())
                .extracting(Reading::metricId, Reading::value)
                .containsExactlyInAnyOrder(tuple(PH, 7.1), tuple(DO, 8.0), tuple(NH3N, 0.25));
    }

    @Test
    void decode_upperCase2017Code_resolves() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"W21003":0.3}}""");

        assertThat(result.readings()).extracting(Reading::metricId).containsExactly(NH3N);
    }

    @Test
    void decode_flags_areAppliedPerMetricAndDefaultToNormal() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00",
                 "values":{"w01001":7.1,"w01009":8.0,"w21003":0.2},
                 "flags":{"ph":"M","w21003":"D"}}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings())
                .extracting(Reading::metricId, Reading::flag)
                .containsExactlyInAnyOrder(tuple(PH, 'M'), tuple(DO, 'N'), tuple(NH3N, 'D'));
    }

    @Test
    void decode_lowerCaseFlag_isAcceptedAsUpperCase() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":7.1},"flags":{"w01001":"f"}}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings()).extracting(Reading::flag).containsExactly('F');
    }

    @Test
    void decode_unknownFlagLetter_reportsInvalidFlag() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":7.1},"flags":{"w01001":"X"}}""");

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.INVALID_FLAG);
            assertThat(problem.detail()).contains("w01001").contains("\"X\"");
        });
    }

    @Test
    void decode_unknownFlagLetter_valueNotStoredAsNormal() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":7.1,"w01009":8.0},"flags":{"w01001":"X"}}""");

        assertThat(result.readings()).extracting(Reading::metricId).containsExactly(DO);
    }

    @Test
    void decode_malformedJson_rejectsWholePayloadKeepingRawBytes() {
        byte[] raw = "{\"ts\":\"2026-11-29T08:00:00+08:00\",\"values\":{".getBytes(StandardCharsets.UTF_8);

        DecodedPayload result = decoder.decode(raw);

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
            assertThat(problem.raw()).isEqualTo(raw);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n"})
    void decode_emptyPayload_reportsMalformedJson(String payload) {
        DecodedPayload result = decode(payload);

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).extracting(Problem::reason).containsExactly(RejectReason.MALFORMED_JSON);
        assertThat(result.problems().get(0).detail()).contains("empty");
    }

    @Test
    void decode_emptyArray_reportsInvalidStructure() {
        DecodedPayload result = decode("[]");

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).extracting(Problem::reason).containsExactly(RejectReason.INVALID_STRUCTURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"text\"", "true", "null"})
    void decode_topLevelScalar_reportsInvalidStructure(String payload) {
        DecodedPayload result = decode(payload);

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).extracting(Problem::reason).containsExactly(RejectReason.INVALID_STRUCTURE);
    }

    @Test
    void decode_missingOrEmptyValues_reportsInvalidStructure() {
        DecodedPayload missing = decode("{\"ts\":\"2026-11-29T08:00:00+08:00\"}");
        DecodedPayload empty = decode("{\"ts\":\"2026-11-29T08:00:00+08:00\",\"values\":{}}");

        assertThat(missing.problems()).extracting(Problem::reason).containsExactly(RejectReason.INVALID_STRUCTURE);
        assertThat(empty.problems()).extracting(Problem::reason).containsExactly(RejectReason.INVALID_STRUCTURE);
    }

    @Test
    void decode_unknownMetricBesideValidValue_keepsValidValueAndReportsOneProblem() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":7.1,"w99999":3.0}}""");

        assertThat(result.readings())
                .extracting(Reading::metricId, Reading::value)
                .containsExactly(tuple(PH, 7.1));
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.UNKNOWN_METRIC);
            assertThat(problem.detail()).contains("w99999").contains("1 other value(s)");
            assertThat(new String(problem.raw(), StandardCharsets.UTF_8)).contains("w99999");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"abc\"",
                "\"NaN\"",
                "\"Infinity\"",
                "\"7.5d\"",
                "\"0x1p3\"",
                "1e400",
                "-1e400",
                "true",
                "null",
                "[1]",
                "{}"
            })
    void decode_nonNumericOrNonFiniteValue_reportsInvalidValue(String value) {
        DecodedPayload result = decode("{\"ts\":\"2026-11-29T08:00:00+08:00\",\"values\":{\"w01001\":" + value + "}}");

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(RejectReason.INVALID_VALUE);
            assertThat(problem.detail()).contains("w01001");
        });
    }

    @Test
    void decode_numericStrings_areAccepted() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":"7.25","w01009":" 8 "}}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings())
                .extracting(Reading::metricId, Reading::value)
                .containsExactlyInAnyOrder(tuple(PH, 7.25), tuple(DO, 8.0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"values\":{\"w01001\":7}}",
                "{\"ts\":1795910400,\"values\":{\"w01001\":7}}",
                "{\"ts\":\"yesterday\",\"values\":{\"w01001\":7}}",
                "{\"ts\":\"2026-13-40T08:00:00+08:00\",\"values\":{\"w01001\":7}}"
            })
    void decode_missingOrUnparseableTime_reportsInvalidTime(String payload) {
        DecodedPayload result = decode(payload);

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).extracting(Problem::reason).containsExactly(RejectReason.INVALID_TIME);
    }

    @Test
    void decode_timeExactlyAtMaxFutureSkew_isAccepted() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T00:40:00Z","values":{"w01001":7}}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings()).hasSize(1);
    }

    @Test
    void decode_timeBeyondMaxFutureSkew_reportsTimeInFuture() {
        DecodedPayload result = decode("""
                {"ts":"2026-11-29T00:40:01Z","values":{"w01001":7}}""");

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).extracting(Problem::reason).containsExactly(RejectReason.TIME_IN_FUTURE);
    }

    @Test
    void decode_timeOlderThanRetention_reportsTimeBeyondRetention() {
        DecodedPayload result = decode("""
                {"ts":"2026-10-30T00:29:59Z","values":{"w01001":7}}""");

        assertThat(result.readings()).isEmpty();
        assertThat(result.problems()).extracting(Problem::reason).containsExactly(RejectReason.BEYOND_RETENTION);
    }

    @Test
    void decode_timeJustInsideRetention_isAccepted() {
        DecodedPayload result = decode("""
                {"ts":"2026-10-30T00:30:00Z","values":{"w01001":7}}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T08:00:00", "2026-11-29 08:00:00", "2026-11-29 08:00"})
    void decode_localTimeWithoutOffset_isInterpretedInDefaultZone(String ts) {
        DecodedPayload result = decode("{\"ts\":\"" + ts + "\",\"values\":{\"w01001\":7}}");

        assertThat(result.problems()).isEmpty();
        assertThat(result.readings()).extracting(Reading::time).containsExactly(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void decode_badElementInArray_keepsGoodElements() {
        DecodedPayload result = decode("""
                [{"ts":"2026-11-29T07:00:00+08:00","values":{"w01001":7.0}},
                 {"ts":"not a time","values":{"w01001":7.1}},
                 42,
                 {"ts":"2026-11-29T08:00:00+08:00","values":{"w01001":7.2}}]""");

        assertThat(result.readings()).extracting(Reading::value).containsExactly(7.0, 7.2);
        assertThat(result.problems())
                .extracting(Problem::reason)
                .containsExactly(RejectReason.INVALID_TIME, RejectReason.INVALID_STRUCTURE);
        assertThat(result.problems().get(0).detail()).startsWith("element 1: ");
        assertThat(result.problems().get(1).detail()).startsWith("element 2: ");
        assertThat(new String(result.problems().get(0).raw(), StandardCharsets.UTF_8))
                .contains("not a time");
    }
}
