package org.envmon.ingest.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.envmon.ingest.account.Role;

/**
 * Logged-in console users, in memory: a restart logs everyone out. A session ends after
 * {@code idleTimeout} without a request, {@code maxLifetime} after its login, at logout, or to make
 * room: when {@code maxSessions} are open, or its user has {@code maxPerUser}, the one idle longest
 * closes for a new login. Ids and CSRF tokens are 256 random bits. Thread-safe.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    /**
     * One login: its cookie value, the token every change must carry, the user, the role and the
     * password hash they logged in with (a new password ends the session), the login and the last
     * request.
     */
    public record Session(
            String id,
            String csrfToken,
            String user,
            Role role,
            String passwordHash,
            Instant openedAt,
            Instant lastSeen) {
        Session seen(Instant at) {
            return new Session(id, csrfToken, user, role, passwordHash, openedAt, at);
        }

        Session as(Role current) {
            return new Session(id, csrfToken, user, current, passwordHash, openedAt, lastSeen);
        }
    }

    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final int maxSessions;
    private final int maxPerUser;
    private final Clock clock;
    private final ConcurrentHashMap<String, Session> open = new ConcurrentHashMap<>();

    public Sessions(Duration idleTimeout, Duration maxLifetime, int maxSessions, int maxPerUser, Clock clock) {
        if (maxSessions < 1 || maxPerUser < 1) {
            throw new IllegalArgumentException(
                    "maxSessions and maxPerUser must be at least 1, got " + maxSessions + " and " + maxPerUser);
        }
        this.idleTimeout = idleTimeout;
        this.maxLifetime = maxLifetime;
        this.maxSessions = maxSessions;
        this.maxPerUser = maxPerUser;
        this.clock = clock;
    }

    /** Opens a session for a user who just logged in with the password whose hash is {@code passwordHash}. */
    public Session open(String user, Role role, String passwordHash) {
        Instant now = clock.instant();
        open.values().removeIf(s -> expired(s, now));
        while (open.values().stream().filter(s -> s.user().equals(user)).count() >= maxPerUser) {
            closeIdlest(open.values().stream().filter(s -> s.user().equals(user)));
        }
        while (open.size() >= maxSessions) {
            closeIdlest(open.values().stream());
        }
        Session session = new Session(token(), token(), user, role, passwordHash, now, now);
        open.put(session.id(), session);
        return session;
    }

    /** The session with this id if it is still open; the request counts as activity. */
    public Optional<Session> find(String id) {
        Instant now = clock.instant();
        Session found = open.computeIfPresent(id, (k, s) -> expired(s, now) ? null : s.seen(now));
        return Optional.ofNullable(found);
    }

    /**
     * The session with this id if it is still open, without counting the request as activity: for
     * what a page does by itself (the event stream, refreshes), so an unattended page still times out.
     */
    public Optional<Session> peek(String id) {
        Instant now = clock.instant();
        return Optional.ofNullable(open.get(id)).filter(s -> !expired(s, now));
    }

    public void close(String id) {
        open.remove(id);
    }

    private void closeIdlest(Stream<Session> among) {
        among.min(Comparator.comparing(Session::lastSeen)).ifPresent(idlest -> open.remove(idlest.id(), idlest));
    }

    int size() {
        return open.size();
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(idleTimeout))
                || !now.isBefore(s.openedAt().plus(maxLifetime));
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }
}
