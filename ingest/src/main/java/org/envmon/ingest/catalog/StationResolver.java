package org.envmon.ingest.catalog;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.TopicScheme;

/**
 * Resolves the station a message names before the message is decoded, so that every check that
 * depends on the station's settings (HJ 212 PW and CRC mode, its clock's zone) runs once, at the
 * edge. Known stations come from the {@link StationDirectory} at once; any other code is looked up
 * on {@code lookups} (never an event loop), and concurrent lookups of one code share one query.
 * Callers pause reading from their connection while a lookup runs, so the number of lookups
 * waiting is bounded by the number of connections. After a lookup found the database away, others
 * are answered {@code Unavailable} at once for {@link #UNAVAILABLE_BACKOFF}, so an outage does not
 * stall every message of a new station for a connection timeout.
 */
public final class StationResolver {
    static final Duration UNAVAILABLE_BACKOFF = Duration.ofSeconds(2);

    private final StationDirectory directory;
    private final StationSource source;
    private final Executor lookups;
    private final ConcurrentMap<String, CompletableFuture<StationResolution>> pending = new ConcurrentHashMap<>();
    /** {@link System#nanoTime} until which the edge does not ask the database again; 0: ask. */
    private volatile long unavailableUntil;

    public StationResolver(StationDirectory directory, StationSource source, Executor lookups) {
        this.directory = directory;
        this.source = source;
        this.lookups = lookups;
    }

    /** The directory this resolver fills. */
    public StationDirectory directory() {
        return directory;
    }

    /** The station's settings when the directory holds it: the common case, answered without a lookup. */
    public Optional<StationProfile> known(String code) {
        return directory.profileOf(code);
    }

    /** The station's resolution; completes on the lookup thread unless the directory knew it. */
    public CompletableFuture<StationResolution> resolve(String code) {
        Optional<StationProfile> known = directory.profileOf(code);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(new StationResolution.Active(code, known.get()));
        }
        if (!TopicScheme.isValidStationCode(code)) {
            return CompletableFuture.completedFuture(new StationResolution.Refused(
                    code,
                    RejectReason.UNKNOWN_STATION,
                    "'" + code + "' cannot be a station code (1–64 letters, digits, '_'," + " '.', '-')"));
        }
        long backoff = unavailableUntil;
        if (backoff != 0 && System.nanoTime() - backoff < 0) {
            return CompletableFuture.completedFuture(new StationResolution.Unavailable(
                    code, "the database did not" + " answer the last station lookup"));
        }
        CompletableFuture<StationResolution> created = new CompletableFuture<>();
        CompletableFuture<StationResolution> existing = pending.putIfAbsent(code, created);
        if (existing != null) {
            return existing;
        }
        try {
            lookups.execute(() -> {
                StationResolution resolution = lookUp(code);
                unavailableUntil = resolution instanceof StationResolution.Unavailable
                        ? System.nanoTime() + UNAVAILABLE_BACKOFF.toNanos()
                        : 0;
                pending.remove(code, created);
                created.complete(resolution);
            });
        } catch (RejectedExecutionException e) {
            pending.remove(code, created);
            created.complete(new StationResolution.Unavailable(code, "station lookups are shut down"));
        }
        return created;
    }

    /**
     * Reads the station's current settings from the database on the calling thread, which may block
     * (a login check's): for a login the directory cannot confirm, such as a secret set since the
     * last refresh. Never registers a station. Empty when it is not an active station or the
     * database cannot be asked.
     */
    public Optional<StationProfile> refresh(String code) {
        StationResolution found = guarded(code, () -> source.find(code));
        if (found instanceof StationResolution.Active active) {
            directory.put(code, active.profile());
            return Optional.of(active.profile());
        }
        return Optional.empty();
    }

    /** Resolves on the calling thread, which may block (the spool drainer's). */
    public StationResolution resolveNow(String code) {
        Optional<StationProfile> known = directory.profileOf(code);
        return known.isPresent() ? new StationResolution.Active(code, known.get()) : lookUp(code);
    }

    private StationResolution lookUp(String code) {
        StationResolution resolution = guarded(code, () -> source.resolve(code));
        if (resolution instanceof StationResolution.Active active) {
            directory.put(code, active.profile());
        }
        return resolution;
    }

    private static StationResolution guarded(String code, Supplier<StationResolution> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            return new StationResolution.Unavailable(code, e.toString());
        }
    }
}
