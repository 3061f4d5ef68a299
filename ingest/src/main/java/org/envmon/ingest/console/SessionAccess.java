package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.envmon.alerting.api.AlertApi;
import org.envmon.ingest.account.Role;

/**
 * What a console session may do with a request: anything that reads; a change only with the
 * session's CSRF token in {@code X-CSRF-Token} and by an operator or admin.
 */
public final class SessionAccess {
    static final String CSRF_HEADER = "X-CSRF-Token";

    /** The request attribute naming the console user a request was allowed for. */
    public static final String USER_ATTRIBUTE = AlertApi.USER_ATTRIBUTE;

    private final Sessions sessions;

    public SessionAccess(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The answer to a request made with a session. */
    public sealed interface Decision {
        /** Allowed, on behalf of this user. */
        record Allowed(String user) implements Decision {}

        /** Refused with this status and reason. */
        record Refused(int status, String reason) implements Decision {}
    }

    /** The decision for a request with a session cookie, or empty when it has no open session. */
    public Optional<Decision> decide(HttpExchange exchange) {
        Optional<Sessions.Session> session = SessionCookie.read(exchange).flatMap(sessions::find);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Sessions.Session s = session.get();
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return Optional.of(new Decision.Allowed(s.user()));
        }
        if (!carriesToken(exchange, s)) {
            return Optional.of(new Decision.Refused(
                    403, "a change needs the session's token in " + CSRF_HEADER + " (GET /api/session has it)"));
        }
        if (s.role() == Role.VIEWER) {
            return Optional.of(new Decision.Refused(403, "user " + s.user() + " is a viewer: viewers may only read"));
        }
        return Optional.of(new Decision.Allowed(s.user()));
    }

    /** Whether the request carries the session's CSRF token (compared in constant time). */
    static boolean carriesToken(HttpExchange exchange, Sessions.Session session) {
        String sent = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
        return sent != null
                && MessageDigest.isEqual(
                        session.csrfToken().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
