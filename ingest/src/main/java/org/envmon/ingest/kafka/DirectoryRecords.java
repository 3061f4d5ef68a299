package org.envmon.ingest.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.StationProfile;

/**
 * The records of the directory topic, as JSON an operator can read with any Kafka console tool: key
 * {@code station/<code>} with a station's settings (no value: deactivated or removed), key
 * {@code metric/<id>} with a factor of the catalogue, and key {@code published} after each complete
 * publication (its time), so a reader can tell a whole directory from the first records of one.
 */
public final class DirectoryRecords {
    static final String STATION = "station/";
    static final String METRIC = "metric/";
    /** Written after each complete publication: a reader that has seen it holds a whole directory. */
    static final String PUBLISHED = "published";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DirectoryRecords() {}

    public static String stationKey(String code) {
        return STATION + code;
    }

    public static String metricKey(short id) {
        return METRIC + id;
    }

    public static byte[] published(long epochMillis) {
        ObjectNode node = JSON.createObjectNode();
        node.put("at", epochMillis);
        return bytes(node);
    }

    public static byte[] station(StationProfile profile) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", profile.id());
        node.put("zone", profile.zone().getId());
        profile.hj212Password().ifPresent(pw -> node.put("hj212Password", pw));
        node.put("crc", profile.crcMode().label());
        profile.mqttPasswordHash().ifPresent(hash -> node.put("mqttPasswordHash", hash));
        return bytes(node);
    }

    public static StationProfile station(byte[] value) throws IOException {
        JsonNode node = JSON.readTree(value);
        return new StationProfile(
                required(node, "id").asInt(),
                ZoneId.of(required(node, "zone").asText()),
                Optional.ofNullable(node.get("hj212Password")).map(JsonNode::asText),
                CrcMode.fromLabel(required(node, "crc").asText()),
                Optional.ofNullable(node.get("mqttPasswordHash")).map(JsonNode::asText));
    }

    public static byte[] metric(Metric metric) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", metric.id());
        node.put("code", metric.code());
        if (metric.code2005() != null) {
            node.put("code2005", metric.code2005());
        }
        node.put("name", metric.name());
        if (metric.unit() != null) {
            node.put("unit", metric.unit());
        }
        node.put("decimals", metric.decimals());
        ArrayNode aliases = node.putArray("aliases");
        metric.aliases().forEach(aliases::add);
        return bytes(node);
    }

    public static Metric metric(byte[] value) throws IOException {
        JsonNode node = JSON.readTree(value);
        List<String> aliases = new ArrayList<>();
        node.path("aliases").forEach(alias -> aliases.add(alias.asText()));
        return new Metric(
                (short) required(node, "id").asInt(),
                required(node, "code").asText(),
                node.hasNonNull("code2005") ? node.get("code2005").asText() : null,
                required(node, "name").asText(),
                node.hasNonNull("unit") ? node.get("unit").asText() : null,
                required(node, "decimals").asInt(),
                aliases);
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("directory record without '" + field + "'");
        }
        return value;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
