package org.envmon.ingest.mqtt;

import io.netty.channel.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MQTT sessions of all connections, by client identifier: which connection holds a client's
 * session now, and, for clients that asked for a persistent session (MQTT 5 Clean Start 0 with a
 * Session Expiry Interval, MQTT 3.1.1 clean session 0), the state kept while they are away — the
 * QoS 2 packet ids stored and waiting for PUBREL, so a PUBLISH or PUBREL resent after a reconnect is
 * recognised. In memory only: a restart ends every session (storage is idempotent, so a message sent
 * again is absorbed). At most {@code maxSessions} disconnected sessions are kept; beyond that the one
 * expiring first goes. Called from every event loop.
 */
final class SessionRegistry {
    /** What a connection starts with: the packet ids to remember and whether they came from a kept session. */
    record Resumed(Set<Integer> awaitingRelease, boolean sessionPresent) {}

    private static final class Entry {
        final Set<Integer> awaitingRelease;
        Channel owner;
        Duration expiry = Duration.ZERO;
        Instant expiresAt = Instant.MAX;

        Entry(Set<Integer> awaitingRelease, Channel owner) {
            this.awaitingRelease = awaitingRelease;
            this.owner = owner;
        }
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /** Entries without an owner; the map is only scanned when it exceeds {@code maxSessions}. */
    private final AtomicInteger kept = new AtomicInteger();

    private final int maxSessions;
    private final Clock clock;

    SessionRegistry(int maxSessions, Clock clock) {
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /**
     * {@code channel} now holds {@code clientId}'s session: a fresh one when {@code cleanStart} or none is
     * kept, else the kept one. The connection that held it before, if still open, is returned so the
     * caller can close it (a session taken over).
     */
    Connected connect(String clientId, Channel channel, boolean cleanStart, Duration expiry) {
        Channel[] previous = {null};
        boolean[] present = {false};
        Entry entry = sessions.compute(clientId, (id, existing) -> {
            if (existing != null && existing.owner != null && existing.owner != channel) {
                previous[0] = existing.owner;
            }
            if (existing != null && existing.owner == null) {
                kept.decrementAndGet();
            }
            boolean usable = existing != null && !cleanStart && clock.instant().isBefore(existing.expiresAt);
            Entry next = usable ? existing : new Entry(ConcurrentHashMap.newKeySet(), channel);
            present[0] = usable;
            next.owner = channel;
            next.expiry = expiry;
            next.expiresAt = Instant.MAX;
            return next;
        });
        return new Connected(new Resumed(entry.awaitingRelease, present[0]), Optional.ofNullable(previous[0]));
    }

    /** The outcome of {@link #connect}. */
    record Connected(Resumed resumed, Optional<Channel> takenOver) {}

    /** {@code channel} closed: its client's session is kept until it expires, or ends now. */
    void disconnected(String clientId, Channel channel) {
        sessions.computeIfPresent(clientId, (id, entry) -> {
            if (entry.owner != channel) {
                return entry;
            }
            if (entry.expiry.isZero()) {
                return null;
            }
            entry.owner = null;
            entry.expiresAt = clock.instant().plus(entry.expiry);
            kept.incrementAndGet();
            return entry;
        });
        if (kept.get() > maxSessions) {
            trim();
        }
    }

    /** Disconnected sessions kept now. */
    int kept() {
        return kept.get();
    }

    /** Drops expired sessions, then those expiring first, down to {@code maxSessions}. */
    private synchronized void trim() {
        Instant now = clock.instant();
        List<Map.Entry<String, Entry>> candidates = sessions.entrySet().stream()
                .filter(e -> e.getValue().owner == null)
                .sorted(Comparator.comparing(e -> e.getValue().expiresAt))
                .toList();
        int excess = kept.get() - maxSessions;
        for (Map.Entry<String, Entry> candidate : candidates) {
            boolean expired = !now.isBefore(candidate.getValue().expiresAt);
            if (!expired && excess <= 0) {
                break;
            }
            boolean[] removed = {false};
            sessions.computeIfPresent(candidate.getKey(), (id, entry) -> {
                removed[0] = entry == candidate.getValue() && entry.owner == null;
                return removed[0] ? null : entry;
            });
            if (removed[0]) {
                kept.decrementAndGet();
                excess--;
            }
        }
    }
}
