package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.envmon.ingest.http.JsonAnswer;
import org.envmon.ingest.http.QueryString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/reports/{sections|air|dust|transmission}?period=2026-11|2026&format=json|csv|html&lang=zh|en}:
 * the period defaults to last month, the language to the service's.
 */
public final class ReportApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ReportApi.class);

    private final Reports reports;
    private final ZoneId zone;
    private final Clock clock;
    private final String language;

    public ReportApi(Reports reports, ZoneId zone, Clock clock, String language) {
        this.reports = reports;
        this.zone = zone;
        this.clock = clock;
        this.language = language;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String kind = path.substring(path.lastIndexOf('/') + 1);
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "GET");
            JsonAnswer.error(exchange, 405, "reports are read with GET");
            return;
        }
        if (!Reports.KINDS.contains(kind) || !path.equals("/api/reports/" + kind)) {
            JsonAnswer.error(exchange, 404, "no such report: use /api/reports/{sections|air|dust|transmission}");
            return;
        }
        QueryString query = QueryString.of(exchange);
        String periodText = query.get("period", ReportPeriod.previousMonth(LocalDate.now(clock.withZone(zone))));
        Optional<ReportPeriod> period = ReportPeriod.parse(periodText, zone);
        String format = query.get("format", "json");
        String lang = query.get("lang", language);
        if (period.isEmpty()) {
            JsonAnswer.error(
                    exchange, 400, "period must be a month (2026-11) or a year (2026); got '" + periodText + "'");
            return;
        }
        if (!lang.equals("zh") && !lang.equals("en")) {
            JsonAnswer.error(exchange, 400, "lang must be zh or en; got '" + lang + "'");
            return;
        }
        ReportTable table;
        try {
            table = reports.build(kind, period.get(), lang.equals("zh"));
        } catch (SQLException e) {
            log.error("Report {} {} failed: {}", kind, periodText, e.getMessage());
            JsonAnswer.error(exchange, 503, "the database is not available");
            return;
        }
        switch (format) {
            case "json" -> JsonAnswer.send(exchange, 200, table);
            case "csv" ->
                send(
                        exchange,
                        "text/csv; charset=utf-8",
                        "attachment; filename=\"envmon-" + kind + "-" + periodText + ".csv\"",
                        ReportRendering.csv(table));
            case "html" ->
                send(exchange, "text/html; charset=utf-8", null, ReportRendering.html(table, lang.equals("zh")));
            default -> JsonAnswer.error(exchange, 400, "format must be json, csv or html; got '" + format + "'");
        }
    }

    private static void send(HttpExchange exchange, String type, String disposition, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        if (disposition != null) {
            exchange.getResponseHeaders().add("Content-Disposition", disposition);
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }
}
