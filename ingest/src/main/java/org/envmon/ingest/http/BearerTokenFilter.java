package org.envmon.ingest.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through with {@code Authorization: Bearer <http.apiToken>} (machines; without a
 * configured token no machine passes) or, where console sessions are accepted, with a session that
 * may make it (see {@link SessionCheck}). Refusals are answered 401 or 403, logged (never with the
 * token) and counted in {@code envmon_http_refusals_total}.
 */
final class BearerTokenFilter extends Filter {
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final String PREFIX = "Bearer ";
    private static final String CONSOLE_REALM = "envmon-console";

    private final Optional<byte[]> expectedDigest;
    private final Optional<SessionCheck> sessions;
    private final MeterRegistry registry;

    BearerTokenFilter(Optional<String> token, Optional<SessionCheck> sessions, MeterRegistry registry) {
        this.expectedDigest = token.map(BearerTokenFilter::digest);
        this.sessions = sessions;
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
        Optional<SessionCheck.Decision> decision = sessions.flatMap(access -> access.decide(exchange));
        if (decision.isPresent() && decision.get() instanceof SessionCheck.Decision.Allowed allowed) {
            chain.doFilter(new PrincipalExchange(exchange, new HttpPrincipal(allowed.user(), CONSOLE_REALM)));
            return;
        }
        if (decision.isPresent() && decision.get() instanceof SessionCheck.Decision.Refused refused) {
            refuse(exchange, refused.status(), refused.reason(), refused.reason());
            return;
        }
        String why = expectedDigest.isEmpty()
                ? "no http.apiToken configured"
                : header == null ? "no Authorization header" : "wrong token";
        String how = sessions.isPresent()
                ? "unauthorized: log in (POST /api/session) or send Authorization: Bearer <http.apiToken>"
                : "unauthorized: send Authorization: Bearer <http.apiToken>";
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"envmon\"");
        refuse(exchange, 401, why, how);
    }

    private void refuse(HttpExchange exchange, int status, String why, String answer) throws IOException {
        registry.counter(
                        "envmon.http.refusals",
                        "path",
                        exchange.getHttpContext().getPath())
                .increment();
        log.info(
                "Refused {} {} from {}: {}",
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRemoteAddress(),
                why);
        JsonAnswer.error(exchange, status, answer);
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
