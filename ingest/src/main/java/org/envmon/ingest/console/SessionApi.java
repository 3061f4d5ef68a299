package org.envmon.ingest.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.envmon.ingest.account.UserName;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.http.JsonAnswer;
import org.envmon.ingest.http.JsonBody;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.security.PasswordHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/session}: {@code POST} {"name", "password"} logs in and sets the session cookie;
 * {@code GET} says who is logged in, with the CSRF token changes must carry; {@code DELETE} (with
 * that token) logs out. A wrong password and an unknown name get the same answer after the same
 * hashing work; failures are throttled per address and name like station logins.
 */
public final class SessionApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(SessionApi.class);
    private static final int MAX_BODY = 4096;
    // The hash of a secret nobody kept, checked when the name is unknown: an unknown name costs what a
    // wrong password does, so names cannot be probed by timing.
    private static final String UNKNOWN_USER_HASH =
            "pbkdf2-sha256$600000$d2qx9GgZMHraooMmsvzoXw$BR0b7lvvDokiX+PptOlMxuag/eWQDJ3EkvaxALSaonI";

    private final UserStore users;
    private final Sessions sessions;
    private final SessionAccess access;
    private final LoginThrottle throttle;
    private final Semaphore checks;
    private final boolean secureCookie;

    /**
     * At most {@code concurrentChecks} passwords are checked at once (each is hundreds of milliseconds
     * of CPU); a login beyond that is answered 503 at once rather than holding an HTTP thread.
     */
    public SessionApi(
            UserStore users,
            Sessions sessions,
            SessionAccess access,
            LoginThrottle throttle,
            int concurrentChecks,
            boolean secureCookie) {
        this.users = users;
        this.sessions = sessions;
        this.access = access;
        this.throttle = throttle;
        this.checks = new Semaphore(concurrentChecks);
        this.secureCookie = secureCookie;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            switch (exchange.getRequestMethod()) {
                case "POST" -> login(exchange);
                case "GET" -> current(exchange);
                case "DELETE" -> logout(exchange);
                default -> {
                    exchange.getResponseHeaders().add("Allow", "GET, POST, DELETE");
                    JsonAnswer.error(exchange, 405, "use POST to log in, GET to see the session, DELETE to log out");
                }
            }
        } catch (SQLException e) {
            log.error("Console session request failed on the database: {}", e.getMessage());
            JsonAnswer.error(exchange, 503, "the database is not available; try again");
        }
    }

    private void login(HttpExchange exchange) throws IOException, SQLException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        // A form cannot send JSON across sites: no one else can log a browser in as someone else.
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            JsonAnswer.error(exchange, 415, "send the login as Content-Type: application/json");
            return;
        }
        JsonNode body = JsonBody.read(exchange, MAX_BODY).orElse(null);
        if (body == null
                || !body.path("name").isTextual()
                || !body.path("password").isTextual()) {
            JsonAnswer.error(exchange, 400, "send JSON {\"name\": \"…\", \"password\": \"…\"} of at most 4 KB");
            return;
        }
        String name = body.get("name").asText();
        String address = exchange.getRemoteAddress().getAddress().getHostAddress();
        String key = UserName.key(name);
        if (throttle.isBlocked(address, key)) {
            log.info("Console login for '{}' from {} refused unchecked: too many failures", name, address);
            JsonAnswer.error(exchange, 429, "too many failed logins; try again in a minute");
            return;
        }
        if (!checks.tryAcquire()) {
            JsonAnswer.error(exchange, 503, "too many logins at once; try again in a moment");
            return;
        }
        Optional<UserStore.Credentials> credentials;
        boolean matches;
        try {
            throttle.attempt(address, key);
            credentials = UserName.problem(name).isPresent() ? Optional.empty() : users.credentials(name);
            byte[] password = body.get("password").asText().getBytes(StandardCharsets.UTF_8);
            matches = PasswordHash.matches(
                    credentials.map(UserStore.Credentials::passwordHash).orElse(UNKNOWN_USER_HASH), password);
        } finally {
            checks.release();
        }
        if (credentials.isEmpty() || !matches) {
            log.info(
                    "Console login for '{}' from {} failed: {}",
                    name,
                    address,
                    credentials.isEmpty() ? "no such user" : "wrong password");
            JsonAnswer.error(exchange, 401, "wrong user name or password");
            return;
        }
        throttle.succeeded(address, key);
        UserStore.Credentials user = credentials.get();
        Sessions.Session session = sessions.open(user.name(), user.role(), user.passwordHash());
        log.info(
                "Console login: {} ({}) from {}", session.user(), session.role().label(), address);
        exchange.getResponseHeaders().add("Set-Cookie", SessionCookie.set(session.id(), secureCookie));
        JsonAnswer.send(exchange, 200, describe(session));
    }

    private void current(HttpExchange exchange) throws IOException, SQLException {
        Optional<Sessions.Session> session = access.current(exchange);
        if (session.isEmpty()) {
            JsonAnswer.error(exchange, 401, "not logged in");
            return;
        }
        JsonAnswer.send(exchange, 200, describe(session.get()));
    }

    private void logout(HttpExchange exchange) throws IOException, SQLException {
        Optional<Sessions.Session> session = access.current(exchange);
        if (session.isEmpty()) {
            JsonAnswer.error(exchange, 401, "not logged in");
            return;
        }
        if (!SessionAccess.carriesToken(exchange, session.get())) {
            JsonAnswer.error(exchange, 403, "logging out needs the session's token in " + SessionAccess.CSRF_HEADER);
            return;
        }
        sessions.close(session.get().id());
        exchange.getResponseHeaders().add("Set-Cookie", SessionCookie.clear(secureCookie));
        JsonAnswer.send(exchange, 200, Map.of("loggedOut", session.get().user()));
    }

    private static Map<String, Object> describe(Sessions.Session session) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", session.user());
        out.put("role", session.role().label());
        out.put("csrfToken", session.csrfToken());
        return out;
    }
}
