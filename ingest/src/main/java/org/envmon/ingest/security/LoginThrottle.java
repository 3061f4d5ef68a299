package org.envmon.ingest.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts failed logins per source address and per (address, user name) in fixed windows. Once a
 * user name has failed {@code perUser} times from an address in the current window, further
 * logins for it from there are refused without a password check until the window ends; an address
 * is refused for every user name after {@code 10 × perUser} failures (a client spraying station
 * codes). Online guessing is slowed to a handful of tries per minute, and the password-hashing pool
 * is not spent on one address. Keyed per user name first so that one misconfigured station behind
 * a shared NAT does not lock out its neighbours.
 *
 * <p>An attempt counts as a failure as soon as its check starts and is given back if it succeeds,
 * so many connections guessing at once are held to the same limit as one after the other.
 *
 * <p>Thread-safe. Memory: at most {@code maxTracked} keys (user names are station codes, at most 64
 * characters); expired ones are swept once per window and whenever that many are reached, and
 * beyond it new keys go uncounted rather than using more memory.
 */
public final class LoginThrottle {
    static final int ADDRESS_FACTOR = 10;

    private final int perUser;
    private final long windowMillis;
    private final int maxTracked;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE);

    private record Window(long startMillis, int count) {}

    /** What a failed login does to its address. */
    public enum Verdict {
        COUNTED,
        USER_BLOCKED,
        ADDRESS_BLOCKED
    }

    /** Keys kept at most by {@link #perMinute}: about 200 bytes each with the longest station codes. */
    static final int DEFAULT_MAX_TRACKED = 100_000;

    /** {@code perUser} failures per minute, as {@code limits.failedLoginsPerMinute} sets it. */
    public static LoginThrottle perMinute(int perUser, Clock clock) {
        return new LoginThrottle(perUser, Duration.ofMinutes(1), DEFAULT_MAX_TRACKED, clock);
    }

    public LoginThrottle(int perUser, Duration window, int maxTracked, Clock clock) {
        this.perUser = perUser;
        this.windowMillis = window.toMillis();
        this.maxTracked = maxTracked;
        this.clock = clock;
    }

    /** True while logins for {@code userName} from {@code address} are refused unchecked. */
    public boolean isBlocked(String address, String userName) {
        if (failures.isEmpty()) {
            return false;
        }
        long now = clock.millis();
        return reached(address, now, perUser * ADDRESS_FACTOR) || reached(userKey(address, userName), now, perUser);
    }

    /**
     * Counts a login whose check starts now as failed until {@link #succeeded} gives it back; says
     * what it does to the address if it does fail.
     */
    public Verdict attempt(String address, String userName) {
        long now = clock.millis();
        sweep(now);
        int forAddress = add(address, now, 1);
        int forUser = add(userKey(address, userName), now, 1);
        if (forAddress == perUser * ADDRESS_FACTOR) {
            return Verdict.ADDRESS_BLOCKED;
        }
        return forUser == perUser ? Verdict.USER_BLOCKED : Verdict.COUNTED;
    }

    /** Gives back an attempt that turned out right (or was never checked). */
    public void succeeded(String address, String userName) {
        long now = clock.millis();
        add(address, now, -1);
        add(userKey(address, userName), now, -1);
    }

    int tracked() {
        return failures.size();
    }

    private int add(String key, long now, int delta) {
        if (delta > 0 && !failures.containsKey(key) && failures.size() >= maxTracked) {
            return 0;
        }
        Window updated = failures.compute(key, (k, window) -> {
            if (window == null || expired(window, now)) {
                return delta > 0 ? new Window(now, delta) : null;
            }
            int count = Math.max(0, window.count() + delta);
            return new Window(window.startMillis(), count);
        });
        return updated == null ? 0 : updated.count();
    }

    private void sweep(long now) {
        long last = lastSweepMillis.get();
        boolean due = now - windowMillis >= last || failures.size() >= maxTracked;
        if (due && lastSweepMillis.compareAndSet(last, now)) {
            for (String key : failures.keySet()) {
                failures.computeIfPresent(key, (k, window) -> expired(window, now) ? null : window);
            }
        }
    }

    private boolean reached(String key, long now, int limit) {
        Window window = failures.get(key);
        return window != null && !expired(window, now) && window.count() >= limit;
    }

    private boolean expired(Window window, long now) {
        return now - window.startMillis() >= windowMillis;
    }

    private static String userKey(String address, String userName) {
        return address + '\u0000' + userName;
    }
}
