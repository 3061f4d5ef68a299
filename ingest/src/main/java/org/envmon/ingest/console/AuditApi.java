package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.http.JsonAnswer;
import org.envmon.ingest.http.QueryString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/audit?limit=N}: who changed what, newest first. */
public final class AuditApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AuditApi.class);

    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "GET");
            JsonAnswer.error(exchange, 405, "the audit log is read with GET");
            return;
        }
        QueryString query = QueryString.of(exchange);
        Optional<Long> limit = query.wholeNumber("limit", 100).filter(n -> n >= 1 && n <= 1000);
        if (limit.isEmpty()) {
            JsonAnswer.error(
                    exchange, 400, "limit must be a whole number from 1 to 1000; got '" + query.get("limit", "") + "'");
            return;
        }
        try {
            JsonAnswer.send(
                    exchange, 200, Map.of("changes", audit.recent(limit.get().intValue())));
        } catch (SQLException e) {
            log.error("The audit log could not be read: {}", e.getMessage());
            JsonAnswer.error(exchange, 503, "the database is not available");
        }
    }
}
