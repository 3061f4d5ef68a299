package org.envmon.ingest.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <http.apiToken>}; without a
 * configured token nobody passes. Refusals are answered 401, logged (never with the token) and
 * counted in {@code envmon_http_refusals_total}.
 */
final class BearerTokenFilter extends Filter {
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final String PREFIX = "Bearer ";

    private final Optional<byte[]> expectedDigest;
    private final MeterRegistry registry;

    BearerTokenFilter(Optional<String> token, MeterRegistry registry) {
        this.expectedDigest = token.map(BearerTokenFilter::digest);
        this.registry = registry;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (expectedDigest.isPresent()
                && header != null
                && header.startsWith(PREFIX)
                // Digests of equal length, compared in constant time: neither length nor content leaks by timing.
                && MessageDigest.isEqual(expectedDigest.get(), digest(header.substring(PREFIX.length())))) {
            chain.doFilter(exchange);
            return;
        }
        String path = exchange.getHttpContext().getPath();
        String why = expectedDigest.isEmpty()
                ? "no http.apiToken configured"
                : header == null ? "no Authorization header" : "wrong token";
        registry.counter("envmon.http.refusals", "path", path).increment();
        log.info(
                "Refused {} {} from {}: {}",
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRemoteAddress(),
                why);
        byte[] body = ("{\"error\":\"unauthorized: send Authorization: Bearer <http.apiToken>\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"envmon\"");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(401, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }

    @Override
    public String description() {
        return "bearer token check";
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
