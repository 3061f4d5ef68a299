package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every change a handler accepted (a request other than GET or HEAD answered 2xx) in the
 * audit log: who (the console user, or {@link AuditLog#API_TOKEN}), the method and path. What the
 * change was in detail stays where it belongs (an alert's events, a station's maintenance note).
 */
public final class AuditedHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AuditedHandler.class);

    private final HttpHandler handler;
    private final AuditLog audit;

    public AuditedHandler(HttpHandler handler, AuditLog audit) {
        this.handler = handler;
        this.audit = audit;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        handler.handle(exchange);
        String method = exchange.getRequestMethod();
        int status = exchange.getResponseCode();
        if (method.equals("GET") || method.equals("HEAD") || status < 200 || status > 299) {
            return;
        }
        HttpPrincipal principal = exchange.getPrincipal();
        String user = principal == null ? AuditLog.API_TOKEN : principal.getUsername();
        String path = exchange.getRequestURI().getPath();
        try {
            audit.record(user, method + " " + path, path, "answered " + status);
        } catch (SQLException e) {
            // The change itself is committed; losing its audit row must be visible, not fatal.
            log.error("Could not record in the audit log that {} made {} {}: {}", user, method, path, e.getMessage());
        }
    }
}
