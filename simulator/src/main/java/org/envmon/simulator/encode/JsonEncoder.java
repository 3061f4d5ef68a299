package org.envmon.simulator.encode;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.envmon.simulator.signal.Factor;
import org.envmon.simulator.signal.Observation;

/**
 * The reading document of envmon's MQTT topics: {@code {"ts":…,"values":{…},"flags":{…}}} for one
 * observation, a JSON array of them for a backlog. Times carry the station's offset and milliseconds;
 * only flags other than N are written (a factor without a flag is N).
 */
public final class JsonEncoder implements PayloadEncoder {
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    private final ZoneId zone;

    public JsonEncoder(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public byte[] encode(StationIdentity station, List<Observation> observations) {
        StringBuilder json = new StringBuilder(256 * observations.size());
        if (observations.size() == 1) {
            object(json, observations.get(0));
        } else {
            json.append('[');
            for (int i = 0; i < observations.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                object(json, observations.get(i));
            }
            json.append(']');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void object(StringBuilder json, Observation observation) {
        json.append("{\"ts\":\"")
                .append(TS.format(observation.time().atZone(zone)))
                .append("\",\"values\":{");
        boolean first = true;
        for (Map.Entry<Factor, Double> e : observation.values().entrySet()) {
            json.append(first ? "" : ",")
                    .append('"')
                    .append(e.getKey().code())
                    .append("\":")
                    .append(Numbers.plain(e.getValue()));
            first = false;
        }
        json.append('}');
        if (!observation.flags().isEmpty()) {
            json.append(",\"flags\":{");
            first = true;
            for (Map.Entry<Factor, Character> e : observation.flags().entrySet()) {
                json.append(first ? "" : ",")
                        .append('"')
                        .append(e.getKey().code())
                        .append("\":\"")
                        .append(e.getValue())
                        .append('"');
                first = false;
            }
            json.append('}');
        }
        json.append('}');
    }
}
