package org.envmon.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.testing.Fuzz;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random and mutated reading documents into {@link JsonReadingsDecoder}. Properties: it never
 * throws; it accounts for every input (readings or a problem); what it returns as readings are
 * finite values of catalogue metrics with an HJ 212 flag, inside the accepted time window.
 */
class JsonReadingsDecoderFuzzTest {
    private static final Logger log = LoggerFactory.getLogger(JsonReadingsDecoderFuzzTest.class);
    private static final int CASES = 1500;
    /**
     * Per case: PER_INPUT_BYTE × input length + FIXED_BYTES. The decoder has no limit of its own
     * to add: ingest.maxPayloadBytes is checked before it runs, and Jackson parses the byte array
     * in place, so all it may allocate is the tree and the readings or problems of what it read.
     */
    static final long PER_INPUT_BYTE = 64;

    static final long FIXED_BYTES = 64 * 1024;
    static final Fuzz.AllocationBudget ALLOCATION =
            new Fuzz.AllocationBudget("JSON decoder", PER_INPUT_BYTE, 0, FIXED_BYTES);
    private static final Instant NOW = Instant.parse("2026-11-29T00:30:00Z");
    private static final Duration SKEW = Duration.ofMinutes(10);
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final List<String> KEYS =
            List.of("ts", "values", "flags", "w01001", "w01009", "ph", "do", "nope", "", "ts\u0000", "值");
    private static final MetricCatalog CATALOG = new MetricCatalog(List.of(
            new Metric((short) 1, "w01001", "001", "pH", "", 2, List.of("ph")),
            new Metric((short) 2, "w01009", null, "dissolved oxygen", "mg/L", 2, List.of("do"))));

    /** One decoder for all cases, as the service has: its ObjectMapper's caches fill once. */
    private static final JsonReadingsDecoder DECODER = new JsonReadingsDecoder(
            new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER),
            Clock.fixed(NOW, ZoneOffset.UTC),
            SKEW,
            RETENTION,
            ZoneId.of("Asia/Shanghai"));

    @AfterAll
    static void summary() {
        log.info("ALLOCATION {}", ALLOCATION.summary());
    }

    @Test
    void decode_randomDocuments_neverThrowsAndReturnsOnlyValidReadings() {
        Fuzz.forEachCase("random JSON documents", CASES, random -> check(utf8(document(random, 0))));
    }

    @Test
    void decode_mutatedValidDocuments_neverThrowsAndReturnsOnlyValidReadings() {
        Fuzz.forEachCase("mutated JSON documents", CASES, random -> check(Fuzz.mutate(random, utf8(valid(random)))));
    }

    @Test
    void decode_randomBytes_neverThrowsAndReportsAProblem() {
        Fuzz.forEachCase("random bytes as JSON", CASES, random -> {
            DecodedPayload result = check(Fuzz.randomBytes(random, random.nextInt(300)));
            assertThat(result.readings().isEmpty() ? result.problems() : List.of("readings"))
                    .isNotEmpty();
        });
    }

    /**
     * Inputs that claim far more than they are: a nesting 100 000 levels deep, numbers and years
     * with a billion digits' worth of exponent. The bound is FIXED_BYTES alone, not per input byte:
     * a decoder that descended every level, or expanded the number or the year, exceeds it.
     */
    @Test
    void decode_inputsClaimingHugeStructures_allocateAFixedAmount() {
        String ts = "\"ts\":\"" + NOW.minusSeconds(60) + "\"";
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("nesting 100 000 deep", "[".repeat(100_000));
        claims.put("object nesting 100 000 deep", "{\"a\":".repeat(100_000));
        claims.put("exponent of a billion", "{" + ts + ",\"values\":{\"w01001\":1e999999999}}");
        claims.put("negative exponent of a billion", "{" + ts + ",\"values\":{\"w01001\":1e-999999999}}");
        claims.put("exponent of a billion as text", "{" + ts + ",\"values\":{\"w01001\":\"1e999999999\"}}");
        claims.put("decimal with a billion-digit scale", "{" + ts + ",\"values\":{\"w01001\":0.1E-999999999}}");
        claims.put("year 999 999 999", "{\"ts\":\"+999999999-12-31T23:59:59Z\",\"values\":{\"w01001\":7}}");
        claims.forEach((what, document) -> Fuzz.single(what, () -> check(utf8(document), FIXED_BYTES)));
    }

    @Test
    void decode_corpusOfNastyInputs_neverThrowsAndReturnsOnlyValidReadings() {
        Fuzz.forEachCorpusFile("json", (random, input) -> check(input));
    }

    /** Decodes and checks the properties every outcome must have; public for the corpus replay. */
    DecodedPayload check(byte[] input) {
        return check(input, ALLOCATION.bound(input.length));
    }

    private DecodedPayload check(byte[] input, long allocationBound) {
        DecodedPayload[] decoded = new DecodedPayload[1];
        ALLOCATION.check(input.length, allocationBound, () -> decoded[0] = DECODER.decode(input));
        DecodedPayload result = decoded[0];
        assertThat(result.readings().isEmpty() && result.problems().isEmpty())
                .as("input neither stored nor rejected")
                .isFalse();
        for (Reading reading : result.readings()) {
            assertThat(Double.isFinite(reading.value()))
                    .as("finite value %s", reading)
                    .isTrue();
            if (reading.isOfNewFactor()) {
                assertThat(reading.metricId()).as("new factor of %s", reading).isZero();
                assertThat(reading.newFactor())
                        .as("registrable code of %s", reading)
                        .matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
                        .satisfies(code -> assertThat(CATALOG.resolve(code)).isEmpty());
            } else {
                assertThat(CATALOG.all())
                        .extracting(Metric::id)
                        .as("catalogue metric of %s", reading)
                        .contains(reading.metricId());
            }
            assertThat("NFMSDCTBP").as("flag of %s", reading).contains(String.valueOf(reading.flag()));
            assertThat(reading.time()).isBetween(NOW.minus(RETENTION), NOW.plus(SKEW));
        }
        for (Problem problem : result.problems()) {
            assertThat(problem.reason()).isNotNull();
            assertThat(problem.detail()).isNotBlank();
        }
        return result;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String valid(Random random) {
        String one = "{\"ts\":\"" + NOW.minusSeconds(random.nextInt(7200)) + "\",\"values\":{\"w01001\":"
                + (random.nextDouble() * 14) + ",\"do\":" + random.nextInt(20) + "},\"flags\":{\"w01001\":\"N\"}}";
        return random.nextBoolean() ? one : "[" + one + "," + one + "]";
    }

    /** Any JSON value, biased towards the shapes and keys of a reading document. */
    private static String document(Random random, int depth) {
        int kind = depth > 4 ? 4 + random.nextInt(5) : random.nextInt(9);
        return switch (kind) {
            case 0, 1 -> {
                StringBuilder object = new StringBuilder("{");
                int fields = random.nextInt(5);
                for (int i = 0; i < fields; i++) {
                    object.append(i > 0 ? "," : "")
                            .append('"')
                            .append(KEYS.get(random.nextInt(KEYS.size())))
                            .append("\":")
                            .append(document(random, depth + 1));
                }
                yield object.append('}').toString();
            }
            case 2, 3 -> {
                StringBuilder array = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.append(i > 0 ? "," : "").append(document(random, depth + 1));
                }
                yield array.append(']').toString();
            }
            case 4 ->
                List.of(
                                "1e309",
                                "-0",
                                "NaN",
                                "1.7976931348623157E308",
                                "123456789012345678901234567890",
                                "0.000000000000000000001",
                                "-1",
                                "7.2")
                        .get(random.nextInt(8));
            case 5 ->
                "\""
                        + List.of(
                                        "2026-11-29T08:00:00+08:00",
                                        "2026-11-29 08:00:00",
                                        "N",
                                        "X",
                                        "",
                                        "\\u0000",
                                        "9999-12-31T23:59:59Z",
                                        "7.1",
                                        NOW.toString())
                                .get(random.nextInt(9))
                        + "\"";
            case 6 -> List.of("true", "false", "null").get(random.nextInt(3));
            case 7 -> String.valueOf(random.nextLong());
            default -> String.valueOf(random.nextDouble() * 100);
        };
    }
}
