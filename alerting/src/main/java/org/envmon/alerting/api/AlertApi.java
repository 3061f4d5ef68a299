package org.envmon.alerting.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.envmon.alerting.store.AlertQueries;
import org.envmon.alerting.store.AlertQueries.AckResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/alerts?state=open|pending|firing|resolved|all&station=CODE&severity=S&limit=N},
 * {@code GET /api/alerts/{id}} (the alert and its history), {@code POST /api/alerts/{id}/ack} with
 * {"by": "...", "comment": "..."} and {@code POST /api/alerts/{id}/comment} with {"comment": "..."}.
 * JSON in and out; every refusal says why.
 */
public final class AlertApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AlertApi.class);
    private static final Pattern ACTION = Pattern.compile("/api/alerts/(\\d{1,18})/(ack|comment)/?");
    private static final Pattern ONE = Pattern.compile("/api/alerts/(\\d{1,18})/?");
    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");
    private static final Map<String, List<String>> STATES = Map.of(
            "open",
            List.of("pending", "firing"),
            "pending",
            List.of("pending"),
            "firing",
            List.of("firing"),
            "resolved",
            List.of("resolved"),
            "all",
            List.of("pending", "firing", "resolved"));
    private static final int MAX_BODY = 16 * 1024;

    private final AlertQueries queries;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public AlertApi(AlertQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher action = ACTION.matcher(path);
            Matcher one = ONE.matcher(path);
            if (path.equals("/api/alerts") || path.equals("/api/alerts/")) {
                if (!"GET".equals(method)) {
                    methodNotAllowed(exchange, "GET");
                    return;
                }
                list(exchange);
            } else if (one.matches()) {
                if (!"GET".equals(method)) {
                    methodNotAllowed(exchange, "GET");
                    return;
                }
                show(exchange, Long.parseLong(one.group(1)));
            } else if (action.matches()) {
                if (!"POST".equals(method)) {
                    methodNotAllowed(exchange, "POST");
                    return;
                }
                long id = Long.parseLong(action.group(1));
                if (action.group(2).equals("ack")) {
                    acknowledge(exchange, id);
                } else {
                    comment(exchange, id);
                }
            } else {
                error(
                        exchange,
                        404,
                        "no such resource: use GET /api/alerts, GET /api/alerts/{id}, POST /api/alerts/{id}/ack"
                                + " or POST /api/alerts/{id}/comment");
            }
        } catch (SQLException e) {
            log.error("Alert API request failed: {}", e.getMessage());
            error(exchange, 503, "the database is not available: " + e.getMessage());
        }
    }

    private void list(HttpExchange exchange) throws IOException, SQLException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String state = query.getOrDefault("state", "open");
        List<String> states = STATES.get(state);
        if (states == null) {
            error(exchange, 400, "state must be one of open, pending, firing, resolved, all; got '" + state + "'");
            return;
        }
        int limit = 100;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                error(exchange, 400, "limit must be a whole number from 1 to 1000; got '" + query.get("limit") + "'");
                return;
            }
        }
        String station = query.get("station");
        String severity = query.get("severity");
        if (severity != null && !SEVERITIES.contains(severity)) {
            error(exchange, 400, "severity must be one of info, warning, critical; got '" + severity + "'");
            return;
        }
        respond(
                exchange,
                200,
                Map.of("alerts", queries.list(new AlertQueries.Filter(states, station, severity), limit)));
    }

    private void show(HttpExchange exchange, long id) throws IOException, SQLException {
        var alert = queries.find(id);
        if (alert.isEmpty()) {
            error(exchange, 404, "alert " + id + " does not exist");
            return;
        }
        respond(exchange, 200, Map.of("alert", alert.get(), "events", queries.events(id)));
    }

    private void comment(HttpExchange exchange, long id) throws IOException, SQLException {
        JsonNode body = body(exchange, "{\"comment\": \"crew on site\"}");
        if (body == null) {
            return;
        }
        HttpPrincipal user = exchange.getPrincipal();
        if (user == null
                && (!body.path("by").isTextual() || body.get("by").asText().isBlank())) {
            error(exchange, 400, "field 'by' (who comments) is required");
            return;
        }
        if (!body.path("comment").isTextual() || body.get("comment").asText().isBlank()) {
            error(exchange, 400, "field 'comment' (the text) is required");
            return;
        }
        String by = user != null ? user.getUsername() : body.get("by").asText().trim();
        String comment = body.get("comment").asText().trim();
        if (by.length() > 200 || comment.length() > 2000) {
            error(exchange, 400, "'by' may have at most 200 characters and 'comment' at most 2000");
            return;
        }
        if (!queries.comment(id, by, comment, clock.instant())) {
            error(exchange, 404, "alert " + id + " does not exist");
            return;
        }
        respond(exchange, 200, Map.of("alert", queries.find(id).orElseThrow(), "events", queries.events(id)));
    }

    /** The request's JSON object, or null after answering why it is not one. */
    private JsonNode body(HttpExchange exchange, String example) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                error(exchange, 413, "the body must be at most " + MAX_BODY + " bytes");
                return null;
            }
            body = json.readTree(bytes);
        } catch (JacksonException e) {
            error(exchange, 400, "the body must be JSON such as " + example);
            return null;
        }
        if (body == null || !body.isObject()) {
            error(exchange, 400, "the body must be a JSON object such as " + example);
            return null;
        }
        return body;
    }

    private void acknowledge(HttpExchange exchange, long id) throws IOException, SQLException {
        JsonNode body = body(exchange, "{\"by\": \"Li Wei\", \"comment\": \"crew sent\"}");
        if (body == null) {
            return;
        }
        // A logged-in console user (the service's access check names them) acknowledges as themselves.
        HttpPrincipal user = exchange.getPrincipal();
        if (user == null
                && (!body.path("by").isTextual() || body.get("by").asText().isBlank())) {
            error(exchange, 400, "field 'by' (who acknowledges) is required");
            return;
        }
        String by = user != null ? user.getUsername() : body.get("by").asText().trim();
        String comment = body.path("comment").isTextual() ? body.get("comment").asText() : null;
        if (by.length() > 200 || (comment != null && comment.length() > 2000)) {
            error(exchange, 400, "'by' may have at most 200 characters and 'comment' at most 2000");
            return;
        }
        AckResult result = queries.acknowledge(id, by, comment, clock.instant());
        switch (result) {
            case NOT_FOUND -> error(exchange, 404, "alert " + id + " does not exist");
            case RESOLVED -> error(exchange, 409, "alert " + id + " is resolved; only open alerts are acknowledged");
            case ALREADY_ACKNOWLEDGED -> error(exchange, 409, "alert " + id + " is already acknowledged");
            default -> respond(exchange, 200, queries.find(id).orElseThrow());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().add("Allow", allowed);
        error(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed here; use " + allowed);
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        respond(exchange, status, Map.of("error", message));
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }
}
