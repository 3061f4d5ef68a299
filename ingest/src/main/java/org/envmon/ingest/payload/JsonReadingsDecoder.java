package org.envmon.ingest.payload;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;

/**
 * Decodes the JSON reading document ({@code {"ts":…,"values":{…},"flags":{…}}} or an array of them).
 * Each array element stands alone: its good values are kept even when a sibling, or another value
 * of the same element, is rejected. Pure and thread-safe: it runs on the event loops.
 */
public final class JsonReadingsDecoder {
    private static final DateTimeFormatter LOCAL_WITH_SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");
    private final ObjectMapper mapper;
    private final MetricCatalog catalog;
    private final TimeWindow timeWindow;
    private final ZoneId defaultZone;

    public JsonReadingsDecoder(MetricCatalog catalog, Clock clock, Duration maxFutureSkew, Duration retention,
                               ZoneId defaultZone) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
                .build();
        this.mapper = new ObjectMapper(factory);
        this.catalog = catalog;
        this.timeWindow = new TimeWindow(clock, maxFutureSkew, retention);
        this.defaultZone = defaultZone;
    }

    public DecodedPayload decode(byte[] payload) {
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JacksonException e) {
            return DecodedPayload.rejected(RejectReason.MALFORMED_JSON,
                    "payload is not valid JSON: " + e.getOriginalMessage(), payload);
        } catch (IOException e) {
            return DecodedPayload.rejected(RejectReason.MALFORMED_JSON, "payload could not be read: " + e, payload);
        }
        if (root == null || root.isMissingNode()) {
            return DecodedPayload.rejected(RejectReason.MALFORMED_JSON, "payload is empty", payload);
        }
        List<Reading> readings = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                return DecodedPayload.rejected(RejectReason.INVALID_STRUCTURE, "payload is an empty array", payload);
            }
            int index = 0;
            for (JsonNode element : root) {
                decodeElement(element, "element " + index + ": ", readings, problems);
                index++;
            }
        } else if (root.isObject()) {
            decodeElement(root, "", readings, problems);
        } else {
            return DecodedPayload.rejected(RejectReason.INVALID_STRUCTURE,
                    "payload must be a JSON object {\"ts\":…,\"values\":{…}} or an array of them, got "
                            + root.getNodeType().name().toLowerCase(), payload);
        }
        return new DecodedPayload(readings, problems);
    }

    private void decodeElement(JsonNode element, String where, List<Reading> readings, List<Problem> problems) {
        if (!element.isObject()) {
            problems.add(problem(RejectReason.INVALID_STRUCTURE, where + "must be an object", element));
            return;
        }
        ObjectNode object = (ObjectNode) element;
        JsonNode ts = object.get("ts");
        if (ts == null || !ts.isTextual()) {
            problems.add(problem(RejectReason.INVALID_TIME,
                    where + "\"ts\" is missing or not a string (ISO-8601, e.g. 2026-11-29T08:00:00+08:00)", element));
            return;
        }
        Optional<Instant> parsed = parseTime(ts.asText());
        if (parsed.isEmpty()) {
            problems.add(problem(RejectReason.INVALID_TIME,
                    where + "\"ts\" '" + ts.asText() + "' is not an ISO-8601 time such as 2026-11-29T08:00:00+08:00",
                    element));
            return;
        }
        Instant time = parsed.get();
        Optional<Problem> outside = timeWindow.check(time, where + "\"ts\": ",
                element.toString().getBytes(StandardCharsets.UTF_8));
        if (outside.isPresent()) {
            problems.add(outside.get());
            return;
        }
        JsonNode values = object.get("values");
        if (values == null || !values.isObject() || values.isEmpty()) {
            problems.add(problem(RejectReason.INVALID_STRUCTURE,
                    where + "\"values\" must be a non-empty object of factor code to number", element));
            return;
        }
        Map<Short, Character> flags = new HashMap<>();
        Set<Short> badFlags = new HashSet<>();
        List<String> elementProblems = new ArrayList<>();
        RejectReason firstReason = null;
        JsonNode flagsNode = object.get("flags");
        if (flagsNode != null && !flagsNode.isNull()) {
            if (!flagsNode.isObject()) {
                elementProblems.add("\"flags\" must be an object of factor code to flag letter");
                firstReason = RejectReason.INVALID_STRUCTURE;
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = flagsNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    Optional<Metric> metric = catalog.resolve(entry.getKey());
                    Optional<Character> flag = entry.getValue().isTextual()
                            ? DataFlags.parse(entry.getValue().asText()) : Optional.empty();
                    if (metric.isEmpty()) {
                        elementProblems.add("flag for unknown factor '" + entry.getKey() + "'");
                        firstReason = firstReason == null ? RejectReason.UNKNOWN_METRIC : firstReason;
                    } else if (flag.isEmpty()) {
                        badFlags.add(metric.get().id());
                        elementProblems.add("flag " + entry.getValue() + " of '" + entry.getKey()
                                + "' is not one of " + DataFlags.known() + "; its value was not stored");
                        firstReason = firstReason == null ? RejectReason.INVALID_FLAG : firstReason;
                    } else {
                        flags.put(metric.get().id(), flag.get());
                    }
                }
            }
        }
        int before = readings.size();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<Metric> metric = catalog.resolve(entry.getKey());
            if (metric.isEmpty()) {
                elementProblems.add("unknown factor '" + entry.getKey()
                        + "' (use an HJ 212-2017 code such as w01001 or an alias such as ph)");
                firstReason = firstReason == null ? RejectReason.UNKNOWN_METRIC : firstReason;
                continue;
            }
            Optional<Double> value = numeric(entry.getValue());
            if (value.isEmpty()) {
                elementProblems.add("value of '" + entry.getKey() + "' is " + entry.getValue()
                        + ", not a finite number");
                firstReason = firstReason == null ? RejectReason.INVALID_VALUE : firstReason;
                continue;
            }
            short id = metric.get().id();
            if (badFlags.contains(id)) {
                continue;
            }
            readings.add(new Reading(time, id, value.get(), flags.getOrDefault(id, DataFlags.NORMAL)));
        }
        if (!elementProblems.isEmpty()) {
            int stored = readings.size() - before;
            String kept = stored > 0 ? " (" + stored + " other value(s) of this element were accepted)" : "";
            problems.add(problem(firstReason, where + String.join("; ", elementProblems) + kept, element));
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
            return Optional.of(LocalDateTime.parse(trimmed, LOCAL_WITH_SPACE).atZone(defaultZone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Problem problem(RejectReason reason, String detail, JsonNode element) {
        return new Problem(reason, detail, element.toString().getBytes(StandardCharsets.UTF_8));
    }
}
