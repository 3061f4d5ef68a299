package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Optional;
import org.envmon.ingest.account.Role;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.http.SessionCheck;

/**
 * What a console session may do with a request: anything that reads; a change only with the
 * session's CSRF token in {@code X-CSRF-Token} and by an operator or admin. The account is read
 * again at every request: removing a user or giving them a new password ends their sessions, and
 * a new role applies at once.
 */
public final class SessionAccess implements SessionCheck {
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String BACKGROUND_HEADER = "X-Envmon-Background";

    private final Sessions sessions;
    private final UserStore users;

    public SessionAccess(Sessions sessions, UserStore users) {
        this.sessions = sessions;
        this.users = users;
    }

    @Override
    public Optional<Decision> decide(HttpExchange exchange) {
        return decide(exchange, Role.VIEWER);
    }

    /** As this check, except that viewers may not read either: for what only staff who act see. */
    public SessionCheck operatorsOnly() {
        return exchange -> decide(exchange, Role.OPERATOR);
    }

    /** As this check, for admins only: user management. */
    public SessionCheck adminsOnly() {
        return exchange -> decide(exchange, Role.ADMIN);
    }

    /** {@code atLeast}: the lowest role that may use the route at all; changes need an operator anyway. */
    private Optional<Decision> decide(HttpExchange exchange, Role atLeast) {
        Optional<Sessions.Session> session;
        try {
            session = current(exchange);
        } catch (SQLException e) {
            return Optional.of(
                    new Decision.Refused(503, "cannot check the session's account: the database is not available"));
        }
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Sessions.Session s = session.get();
        String method = exchange.getRequestMethod();
        if (s.role().compareTo(atLeast) < 0) {
            return Optional.of(new Decision.Refused(
                    403, "user " + s.user() + " is a " + s.role().label() + ": this is for " + atLeast.label() + "s"));
        }
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

    /**
     * The request's open session with its account's current role, or empty. A session whose account
     * is gone or has a new password is closed.
     */
    Optional<Sessions.Session> current(HttpExchange exchange) throws SQLException {
        Optional<Sessions.Session> session =
                SessionCookie.read(exchange).flatMap(unattended(exchange) ? sessions::peek : sessions::find);
        if (session.isEmpty()) {
            return session;
        }
        Sessions.Session s = session.get();
        Optional<UserStore.Credentials> account = users.credentials(s.user());
        if (account.isEmpty() || !account.get().passwordHash().equals(s.passwordHash())) {
            sessions.close(s.id());
            return Optional.empty();
        }
        return Optional.of(s.as(account.get().role()));
    }

    /**
     * Whether a page made the request by itself rather than its user: the event stream, or a refresh
     * marked with {@link #BACKGROUND_HEADER}. Such requests do not keep a session from timing out.
     */
    static boolean unattended(HttpExchange exchange) {
        return exchange.getRequestURI().getPath().startsWith("/api/events")
                || exchange.getRequestHeaders().containsKey(BACKGROUND_HEADER);
    }

    /** Whether the request carries the session's CSRF token (compared in constant time). */
    static boolean carriesToken(HttpExchange exchange, Sessions.Session session) {
        String sent = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
        return sent != null
                && MessageDigest.isEqual(
                        session.csrfToken().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
