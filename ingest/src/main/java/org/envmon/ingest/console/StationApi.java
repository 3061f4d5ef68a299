package org.envmon.ingest.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.http.JsonAnswer;
import org.envmon.ingest.http.JsonBody;
import org.envmon.ingest.http.QueryString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/overview}, {@code GET /api/stations}, {@code GET /api/stations/{code}},
 * {@code GET /api/stations/{code}/series?metric=CODE&range=24h|7d|30d} and
 * {@code POST /api/stations/{code}/maintenance} with {"on": true, "note": "…"}.
 */
public final class StationApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(StationApi.class);
    private static final int MAX_BODY = 4096;
    private static final Duration LATEST_WITHIN = Duration.ofDays(2);
    /** Chart ranges and their bucket widths: about 150–180 points each. */
    private static final Map<String, Duration[]> RANGES = Map.of(
            "24h", new Duration[] {Duration.ofHours(24), Duration.ofMinutes(10)},
            "7d", new Duration[] {Duration.ofDays(7), Duration.ofHours(1)},
            "30d", new Duration[] {Duration.ofDays(30), Duration.ofHours(4)});

    private final StationQueries queries;
    private final MaintenanceStore maintenance;
    private final StationActivity activity;
    private final Clock clock;
    private final ZoneId defaultZone;

    /** {@code defaultZone} is for a station whose own time zone is not one Java knows. */
    public StationApi(
            StationQueries queries,
            MaintenanceStore maintenance,
            StationActivity activity,
            Clock clock,
            ZoneId defaultZone) {
        this.queries = queries;
        this.maintenance = maintenance;
        this.activity = activity;
        this.clock = clock;
        this.defaultZone = defaultZone;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        try {
            if (parts.equals(List.of("api", "overview")) && method.equals("GET")) {
                JsonAnswer.send(exchange, 200, overview());
            } else if (parts.equals(List.of("api", "stations")) && method.equals("GET")) {
                JsonAnswer.send(exchange, 200, Map.of("stations", stations()));
            } else if (parts.size() == 3 && parts.get(1).equals("stations") && method.equals("GET")) {
                station(exchange, parts.get(2));
            } else if (parts.size() == 4 && parts.get(3).equals("series") && method.equals("GET")) {
                series(exchange, parts.get(2));
            } else if (parts.size() == 4 && parts.get(3).equals("maintenance") && method.equals("POST")) {
                maintenance(exchange, parts.get(2));
            } else {
                JsonAnswer.error(
                        exchange,
                        404,
                        "no such resource or method: GET /api/overview, /api/stations, /api/stations/{code},"
                                + " /api/stations/{code}/series; POST /api/stations/{code}/maintenance");
            }
        } catch (SQLException e) {
            log.error("Station API request {} {} failed: {}", method, path, e.getMessage());
            JsonAnswer.error(exchange, 503, "the database is not available");
        }
    }

    private Map<String, Object> overview() throws SQLException {
        List<Map<String, Object>> stations = stations();
        Map<String, Integer> byStatus = new LinkedHashMap<>(Map.of("online", 0, "offline", 0, "maintenance", 0));
        Map<String, Integer> alerts = new LinkedHashMap<>(Map.of("critical", 0, "warning", 0, "info", 0));
        for (Map<String, Object> s : stations) {
            byStatus.merge((String) s.get("status"), 1, Integer::sum);
            @SuppressWarnings("unchecked")
            Map<String, Integer> open = (Map<String, Integer>) s.get("openAlerts");
            open.forEach((severity, count) -> alerts.merge(severity, count, Integer::sum));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stations", byStatus);
        out.put("readingsPerSecond", Math.round(activity.readingsPerSecond() * 10) / 10.0);
        out.put("openAlerts", alerts);
        out.put("onlineWithinMinutes", StationActivity.ONLINE_WINDOW.toMinutes());
        return out;
    }

    private List<Map<String, Object>> stations() throws SQLException {
        Map<Integer, Map<String, Integer>> open = queries.openAlerts();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : queries.stations()) {
            out.add(withActivity(row, open.getOrDefault((Integer) row.get("id"), Map.of())));
        }
        return out;
    }

    private Map<String, Object> withActivity(Map<String, Object> row, Map<String, Integer> openAlerts) {
        int id = (Integer) row.get("id");
        Map<String, Object> out = new LinkedHashMap<>(row);
        Optional<StationActivity.Seen> seen = activity.seen(id);
        out.put(
                "status",
                row.get("maintenanceSince") != null ? "maintenance" : activity.online(id) ? "online" : "offline");
        out.put("lastReading", seen.map(StationActivity.Seen::lastReading).orElse(null));
        out.put("lastArrival", seen.map(StationActivity.Seen::lastArrival).orElse(null));
        out.put("openAlerts", openAlerts);
        return out;
    }

    private void station(HttpExchange exchange, String code) throws IOException, SQLException {
        Optional<Map<String, Object>> found = queries.station(code);
        if (found.isEmpty()) {
            JsonAnswer.error(exchange, 404, "no active station has code '" + code + "'");
            return;
        }
        Map<String, Object> station = found.get();
        int id = (Integer) station.get("id");
        Instant now = clock.instant();
        ZoneId zone = zone(station);
        Instant today = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("station", withActivity(station, queries.openAlerts().getOrDefault(id, Map.of())));
        out.put("latest", queries.latest(id, now.minus(LATEST_WITHIN)));
        out.put("transmissionToday", queries.transmission(id, today, now).orElse(null));
        out.put(
                "transmission30Days",
                queries.transmission(id, today.minus(30, ChronoUnit.DAYS), today)
                        .orElse(null));
        switch ((String) station.get("kind")) {
            case "river_section" -> out.put("sectionToday", queries.sectionClass(id, today, now));
            case "air" -> out.put("aqiDays", queries.aqiDays(id, today.minus(7, ChronoUnit.DAYS), today, zone.getId()));
            case "dust_site" -> out.put("dustToday", queries.dustWindows(id, today, now, zone.getId()));
            default -> {}
        }
        JsonAnswer.send(exchange, 200, out);
    }

    private void series(HttpExchange exchange, String code) throws IOException, SQLException {
        QueryString query = QueryString.of(exchange);
        Optional<String> metric = query.get("metric");
        String range = query.get("range", "24h");
        Duration[] span = RANGES.get(range);
        if (metric.isEmpty() || metric.get().isBlank()) {
            JsonAnswer.error(exchange, 400, "parameter 'metric' (a factor code such as w01001) is required");
            return;
        }
        if (span == null) {
            JsonAnswer.error(exchange, 400, "range must be 24h, 7d or 30d; got '" + range + "'");
            return;
        }
        Optional<Map<String, Object>> station = queries.station(code);
        if (station.isEmpty()) {
            JsonAnswer.error(exchange, 404, "no active station has code '" + code + "'");
            return;
        }
        Instant now = clock.instant();
        JsonAnswer.send(
                exchange,
                200,
                Map.of(
                        "metric", metric.get(),
                        "range", range,
                        "bucketSeconds", span[1].toSeconds(),
                        "points",
                                queries.series(
                                        (Integer) station.get().get("id"),
                                        metric.get(),
                                        now.minus(span[0]),
                                        now,
                                        span[1])));
    }

    private void maintenance(HttpExchange exchange, String code) throws IOException, SQLException {
        JsonNode body = JsonBody.read(exchange, MAX_BODY).orElse(null);
        if (body == null || !body.path("on").isBoolean()) {
            JsonAnswer.error(
                    exchange,
                    400,
                    "the body must be a JSON object of at most " + MAX_BODY
                            + " bytes such as {\"on\": true, \"note\": \"sensor cleaning\"}");
            return;
        }
        String note = body.path("note").isTextual() ? body.get("note").asText().trim() : null;
        if (note != null && note.length() > 500) {
            JsonAnswer.error(exchange, 400, "'note' may have at most 500 characters");
            return;
        }
        HttpPrincipal principal = exchange.getPrincipal();
        String by = principal == null ? AuditLog.API_TOKEN : principal.getUsername();
        if (!maintenance.set(code, body.get("on").asBoolean(), by, note)) {
            JsonAnswer.error(exchange, 404, "no active station has code '" + code + "'");
            return;
        }
        station(exchange, code);
    }

    private ZoneId zone(Map<String, Object> station) {
        try {
            return ZoneId.of((String) station.get("timezone"));
        } catch (RuntimeException e) {
            return defaultZone;
        }
    }
}
