package org.envmon.ingest.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per source address and per (address, user name) in fixed windows. Once a
 * user name has failed {@code perUser} times from an address in the current window, further
 * logins for it from there are refused without a password check until the window ends; an address
 * is refused for every user name after {@code 10 × perUser} failures (a client spraying station
 * codes). Online guessing is slowed to a handful of tries per minute, and the password-hashing pool
 * is not spent on one address. Keyed per user name first so that one misconfigured station behind
 * a shared NAT does not lock out its neighbours. Thread-safe; at most {@code maxTracked} keys are
 * kept, expired ones are swept when that many are reached, and beyond it new keys go uncounted
 * rather than using more memory.
 */
public final class LoginThrottle {
    static final int ADDRESS_FACTOR = 10;

    private final int perUser;
    private final long windowMillis;
    private final int maxTracked;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();

    private record Window(long startMillis, int count) {
    }

    /** What a failed login did to its address. */
    public enum Verdict { COUNTED, USER_BLOCKED, ADDRESS_BLOCKED }

    public LoginThrottle(int perUser, Duration window, int maxTracked, Clock clock) {
        this.perUser = perUser;
        this.windowMillis = window.toMillis();
        this.maxTracked = maxTracked;
        this.clock = clock;
    }

    /** True while logins for {@code userName} (null: anonymous) from {@code address} are refused unchecked. */
    public boolean isBlocked(String address, String userName) {
        long now = clock.millis();
        return reached(address, now, perUser * ADDRESS_FACTOR) || reached(userKey(address, userName), now, perUser);
    }

    /** Counts one failed login; says whether it just blocked the user name or the whole address. */
    public Verdict failed(String address, String userName) {
        long now = clock.millis();
        if (failures.size() >= maxTracked) {
            failures.values().removeIf(window -> expired(window, now));
        }
        int forAddress = count(address, now);
        int forUser = count(userKey(address, userName), now);
        if (forAddress == perUser * ADDRESS_FACTOR) {
            return Verdict.ADDRESS_BLOCKED;
        }
        return forUser == perUser ? Verdict.USER_BLOCKED : Verdict.COUNTED;
    }

    int tracked() {
        return failures.size();
    }

    private int count(String key, long now) {
        if (!failures.containsKey(key) && failures.size() >= maxTracked) {
            return 0;
        }
        return failures.compute(key, (k, window) -> window == null || expired(window, now) ? new Window(now, 1)
                : new Window(window.startMillis(), window.count() + 1)).count();
    }

    private boolean reached(String key, long now, int limit) {
        Window window = failures.get(key);
        return window != null && !expired(window, now) && window.count() >= limit;
    }

    private boolean expired(Window window, long now) {
        return now - window.startMillis() >= windowMillis;
    }

    private static String userKey(String address, String userName) {
        return address + '\u0000' + (userName == null ? "" : userName);
    }
}
