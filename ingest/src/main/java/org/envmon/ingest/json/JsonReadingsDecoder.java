package org.envmon.ingest.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.FactorRef;
import org.envmon.ingest.payload.DataFlags;
import org.envmon.ingest.payload.DecimalText;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.TimeWindow;

/**
 * Decodes the JSON reading document ({@code {"ts":…,"values":{…},"flags":{…}}} or an array of them).
 * Each array element stands alone: its good values are kept even when a sibling, or another value
 * of the same element, is rejected. Pure and thread-safe: it runs on the event loops.
 */
public final class JsonReadingsDecoder {
    private static final DateTimeFormatter LOCAL_WITH_SPACE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]", Locale.ROOT);
    /**
     * Problems of one payload listed one by one; the rest are only counted. Each listed problem is
     * a quarantine row, and ingest.maxPayloadBytes holds an array of 170 000 empty objects.
     */
    static final int MAX_LISTED_PROBLEMS = 100;
    /** Factor problems named in one element's detail; the rest are only counted. */
    static final int MAX_NAMED_FACTOR_PROBLEMS = 20;

    private final ObjectMapper mapper;
    private final FactorLookup factors;
    private final TimeWindow timeWindow;
    private final ZoneId defaultZone;

    public JsonReadingsDecoder(
            FactorLookup factors, Clock clock, Duration maxFutureSkew, Duration retention, ZoneId defaultZone) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(16).build())
                .build();
        this.mapper = new ObjectMapper(factory);
        this.factors = factors;
        this.timeWindow = new TimeWindow(clock, maxFutureSkew, retention);
        this.defaultZone = defaultZone;
    }

    public DecodedPayload decode(byte[] payload) {
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JacksonException e) {
            return DecodedPayload.rejected(
                    RejectReason.MALFORMED_JSON, "payload is not valid JSON: " + e.getOriginalMessage(), payload);
        } catch (IOException e) {
            return DecodedPayload.rejected(RejectReason.MALFORMED_JSON, "payload could not be read: " + e, payload);
        }
        if (root == null || root.isMissingNode()) {
            return DecodedPayload.rejected(RejectReason.MALFORMED_JSON, "payload is empty", payload);
        }
        List<Reading> readings = new ArrayList<>();
        Problems problems = new Problems();
        if (root.isArray()) {
            if (root.isEmpty()) {
                return DecodedPayload.rejected(RejectReason.INVALID_STRUCTURE, "payload is an empty array", payload);
            }
            int index = 0;
            for (JsonNode element : root) {
                decodeElement(element, index, readings, problems);
                index++;
            }
        } else if (root.isObject()) {
            decodeElement(root, -1, readings, problems);
        } else {
            return DecodedPayload.rejected(
                    RejectReason.INVALID_STRUCTURE,
                    "payload must be a JSON object {\"ts\":…,\"values\":{…}} or an array of them, got "
                            + root.getNodeType().name().toLowerCase(Locale.ROOT),
                    payload);
        }
        return new DecodedPayload(readings, problems.all(payload));
    }

    /** @param index the element's place in an array, or -1 for a single document */
    private void decodeElement(JsonNode element, int index, List<Reading> readings, Problems problems) {
        Supplier<String> where = () -> index < 0 ? "" : "element " + index + ": ";
        if (!element.isObject()) {
            problems.add(RejectReason.INVALID_STRUCTURE, () -> where.get() + "must be an object", element);
            return;
        }
        ObjectNode object = (ObjectNode) element;
        JsonNode ts = object.get("ts");
        if (ts == null || !ts.isTextual()) {
            problems.add(
                    RejectReason.INVALID_TIME,
                    () -> where.get() + "\"ts\" is missing or not a string (ISO-8601, e.g. 2026-11-29T08:00:00+08:00)",
                    element);
            return;
        }
        Optional<Instant> parsed = parseTime(ts.asText());
        if (parsed.isEmpty()) {
            problems.add(
                    RejectReason.INVALID_TIME,
                    () -> where.get() + "\"ts\" '" + ts.asText()
                            + "' is not an ISO-8601 time such as 2026-11-29T08:00:00+08:00",
                    element);
            return;
        }
        Instant time = parsed.get();
        Optional<Problem> outside = timeWindow.check(
                time, () -> where.get() + "\"ts\": ", () -> element.toString().getBytes(StandardCharsets.UTF_8));
        if (outside.isPresent()) {
            problems.add(outside.get());
            return;
        }
        JsonNode values = object.get("values");
        if (values == null || !values.isObject() || values.isEmpty()) {
            problems.add(
                    RejectReason.INVALID_STRUCTURE,
                    () -> where.get() + "\"values\" must be a non-empty object of factor code to number",
                    element);
            return;
        }
        Map<FactorRef, Character> flags = new HashMap<>();
        Set<FactorRef> badFlags = new HashSet<>();
        FactorProblems elementProblems = new FactorProblems();
        RejectReason firstReason = null;
        JsonNode flagsNode = object.get("flags");
        if (flagsNode != null && !flagsNode.isNull()) {
            if (!flagsNode.isObject()) {
                elementProblems.add(() -> "\"flags\" must be an object of factor code to flag letter");
                firstReason = RejectReason.INVALID_STRUCTURE;
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = flagsNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    Optional<FactorRef> factor = factors.find(entry.getKey());
                    Optional<Character> flag = entry.getValue().isTextual()
                            ? DataFlags.parse(entry.getValue().asText())
                            : Optional.empty();
                    if (factor.isEmpty()) {
                        elementProblems.add(() -> "flag for " + factors.whyUnknown(entry.getKey()));
                        firstReason = firstReason == null ? RejectReason.UNKNOWN_METRIC : firstReason;
                    } else if (flag.isEmpty()) {
                        badFlags.add(factor.get());
                        elementProblems.add(() -> "flag " + entry.getValue() + " of '" + entry.getKey()
                                + "' is not one of " + DataFlags.known() + "; its value was not stored");
                        firstReason = firstReason == null ? RejectReason.INVALID_FLAG : firstReason;
                    } else {
                        flags.put(factor.get(), flag.get());
                    }
                }
            }
        }
        int before = readings.size();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<FactorRef> factor = factors.find(entry.getKey());
            if (factor.isEmpty()) {
                elementProblems.add(() -> factors.whyUnknown(entry.getKey())
                        + " (use an HJ 212-2017 code such as w01001 or an alias such as ph)");
                firstReason = firstReason == null ? RejectReason.UNKNOWN_METRIC : firstReason;
                continue;
            }
            Optional<Double> value = numeric(entry.getValue());
            if (value.isEmpty()) {
                elementProblems.add(
                        () -> "value of '" + entry.getKey() + "' is " + entry.getValue() + ", not a finite number");
                firstReason = firstReason == null ? RejectReason.INVALID_VALUE : firstReason;
                continue;
            }
            FactorRef ref = factor.get();
            if (badFlags.contains(ref)) {
                continue;
            }
            readings.add(new Reading(
                    time, ref.metricId(), value.get(), flags.getOrDefault(ref, DataFlags.NORMAL), ref.newFactor()));
        }
        if (!elementProblems.isEmpty()) {
            int stored = readings.size() - before;
            String kept = stored > 0 ? " (" + stored + " other value(s) of this element were accepted)" : "";
            problems.add(firstReason, () -> where.get() + elementProblems + kept, element);
        }
    }

    /**
     * The problems of one payload: the first {@link #MAX_LISTED_PROBLEMS} listed, the rest counted
     * in one closing problem, their details never built (an array of tiny bad elements would
     * otherwise cost hundreds of bytes of allocation per byte of payload).
     */
    private static final class Problems {
        private final List<Problem> listed = new ArrayList<>();
        private int unlisted;
        private RejectReason firstUnlisted;

        void add(RejectReason reason, Supplier<String> detail, JsonNode element) {
            if (listed.size() < MAX_LISTED_PROBLEMS) {
                listed.add(problem(reason, detail.get(), element));
            } else {
                count(reason);
            }
        }

        void add(Problem problem) {
            if (listed.size() < MAX_LISTED_PROBLEMS) {
                listed.add(problem);
            } else {
                count(problem.reason());
            }
        }

        private void count(RejectReason reason) {
            firstUnlisted = firstUnlisted == null ? reason : firstUnlisted;
            unlisted++;
        }

        List<Problem> all(byte[] payload) {
            if (unlisted == 0) {
                return listed;
            }
            List<Problem> all = new ArrayList<>(listed);
            all.add(new Problem(
                    firstUnlisted,
                    unlisted + " more problem(s) in this payload, not listed one by one" + " (at most "
                            + MAX_LISTED_PROBLEMS + " are); the first of them: " + firstUnlisted.code(),
                    payload));
            return all;
        }
    }

    /** One element's factor problems: the first {@link #MAX_NAMED_FACTOR_PROBLEMS} named, the rest counted. */
    private static final class FactorProblems {
        private final List<String> named = new ArrayList<>();
        private int unnamed;

        void add(Supplier<String> problem) {
            if (named.size() < MAX_NAMED_FACTOR_PROBLEMS) {
                named.add(problem.get());
            } else {
                unnamed++;
            }
        }

        boolean isEmpty() {
            return named.isEmpty();
        }

        @Override
        public String toString() {
            String listed = String.join("; ", named);
            return unnamed == 0 ? listed : listed + "; and " + unnamed + " more problem(s) with factors or flags";
        }
    }

    private static Optional<Double> numeric(JsonNode node) {
        double value;
        if (node.isNumber()) {
            value = node.asDouble();
        } else if (node.isTextual()) {
            return DecimalText.parse(node.asText());
        } else {
            return Optional.empty();
        }
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }

    private Optional<Instant> parseTime(String text) {
        String trimmed = text.trim();
        Instant common = IsoOffsetTime.parse(trimmed);
        if (common != null) {
            return Optional.of(common);
        }
        try {
            return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeParseException ignored) {
            // not an offset date-time; try the local forms below
        }
        try {
            return Optional.of(LocalDateTime.parse(trimmed).atZone(defaultZone).toInstant());
        } catch (DateTimeParseException ignored) {
            // not ISO local either
        }
        try {
            return Optional.of(LocalDateTime.parse(trimmed, LOCAL_WITH_SPACE)
                    .atZone(defaultZone)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Problem problem(RejectReason reason, String detail, JsonNode element) {
        return new Problem(reason, detail, element.toString().getBytes(StandardCharsets.UTF_8));
    }
}
