package org.envmon.alerting.notify;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox rows on its own threads, so evaluation never waits for a receiver. A failed try
 * is retried with exponential backoff (base × 2^(n−1), at most 10 min); after the last try the row
 * is marked dead with the last error.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final long NOT_TIMED = Long.MIN_VALUE;

    private final Outbox store;
    private final Supplier<Map<String, Notifier>> notifiers;
    private final int maxAttempts;
    private final Duration backoff;
    private final Clock clock;
    private final LongConsumer deliveredNanos;
    private final ScheduledExecutorService executor;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    /** Deliveries this dispatcher holds (waiting, being tried or waiting for a retry), by outbox id, with their station. */
    private final Map<Long, String> held = new ConcurrentHashMap<>();

    private final Map<Long, ScheduledFuture<?>> retries = new ConcurrentHashMap<>();
    private final Set<Long> trying = ConcurrentHashMap.newKeySet();

    /**
     * {@code deliveredNanos} hears, for each notification delivered at its first try, the time from
     * {@link #submit} until the receiver accepted it.
     */
    public Dispatcher(
            Outbox store,
            Supplier<Map<String, Notifier>> notifiers,
            int maxAttempts,
            Duration backoff,
            Clock clock,
            LongConsumer deliveredNanos) {
        this.store = store;
        this.notifiers = notifiers;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.clock = clock;
        this.deliveredNanos = deliveredNanos;
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "envmon-notify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    public void submit(Delivery delivery) {
        long submitted = System.nanoTime();
        held.put(delivery.id(), delivery.notice().stationCode());
        executor.execute(() -> attempt(delivery, submitted));
    }

    /** Picks up what a previous run left in the outbox. */
    public int resumeUnsent() throws SQLException {
        return resumeUnsent(code -> true);
    }

    /**
     * Picks up the outbox rows of the stations {@code owned} accepts that this dispatcher does not hold
     * already: those a previous run, or the previous owner of a station, left unsent.
     */
    public int resumeUnsent(Predicate<String> owned) throws SQLException {
        int count = 0;
        for (Delivery d : store.unsent()) {
            if (!owned.test(d.notice().stationCode())
                    || held.putIfAbsent(d.id(), d.notice().stationCode()) != null) {
                continue;
            }
            executor.schedule(() -> attempt(d, NOT_TIMED), 0, TimeUnit.MILLISECONDS);
            count++;
        }
        return count;
    }

    /**
     * Lets go of the deliveries of stations {@code kept} no longer accepts, so their new owner sends
     * them: retries not yet due are cancelled, and a try under way is waited for (up to {@code wait}),
     * so that the new owner does not find it unsent and send it a second time.
     */
    public int release(Predicate<String> kept, Duration wait) throws InterruptedException {
        List<Long> released = new ArrayList<>();
        held.forEach((id, station) -> {
            if (!kept.test(station)) {
                released.add(id);
            }
        });
        for (Long id : released) {
            held.remove(id);
            ScheduledFuture<?> retry = retries.remove(id);
            if (retry != null) {
                retry.cancel(false);
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (released.stream().anyMatch(trying::contains) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        return released.size();
    }

    public long sent() {
        return sent.get();
    }

    public long dead() {
        return dead.get();
    }

    /** One try; {@code submittedNanos} is when a first try was submitted, or {@link #NOT_TIMED}. */
    private void attempt(Delivery d, long submittedNanos) {
        retries.remove(d.id());
        trying.add(d.id());
        try {
            if (held.containsKey(d.id())) {
                tryOnce(d, submittedNanos);
            }
        } finally {
            trying.remove(d.id());
        }
    }

    private void tryOnce(Delivery d, long submittedNanos) {
        int attempts = d.attempts() + 1;
        Notifier notifier = notifiers.get().get(d.notifier());
        if (notifier == null) {
            record(
                    d,
                    () -> store.markDead(
                            d.id(), d.attempts(), "notifier '" + d.notifier() + "' is no longer in the rules file"));
            dead.incrementAndGet();
            held.remove(d.id());
            log.error("Notification {} dropped to dead: notifier '{}' is no longer configured", d.id(), d.notifier());
            return;
        }
        try {
            notifier.send(d.notice());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            record(d, () -> failed(d, attempts, e));
            return;
        }
        if (submittedNanos != NOT_TIMED) {
            deliveredNanos.accept(System.nanoTime() - submittedNanos);
        }
        // A row whose sending could not be recorded stays held here: another owner would find it unsent.
        if (record(d, () -> store.markSent(d.id(), attempts))) {
            held.remove(d.id());
        }
        sent.incrementAndGet();
    }

    private interface OutcomeWrite {
        void run() throws SQLException;
    }

    private static boolean record(Delivery d, OutcomeWrite write) {
        try {
            write.run();
            return true;
        } catch (SQLException e) {
            log.error("Cannot record the outcome of notification {}: {}", d.id(), e.getMessage());
            return false;
        }
    }

    private void failed(Delivery d, int attempts, Exception e) throws SQLException {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (attempts >= maxAttempts) {
            store.markDead(d.id(), attempts, error);
            held.remove(d.id());
            dead.incrementAndGet();
            log.error(
                    "Notification {} via '{}' failed {} times and is dead: {}", d.id(), d.notifier(), attempts, error);
            return;
        }
        Duration delay = backoff.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (delay.compareTo(MAX_BACKOFF) > 0) {
            delay = MAX_BACKOFF;
        }
        Instant next = clock.instant().plus(delay);
        store.markRetry(d.id(), attempts, error, next);
        log.warn(
                "Notification {} via '{}' failed (try {} of {}), retrying in {} ms: {}",
                d.id(),
                d.notifier(),
                attempts,
                maxAttempts,
                delay.toMillis(),
                error);
        Delivery again = new Delivery(d.id(), d.notifier(), d.notice(), attempts);
        retries.put(
                d.id(), executor.schedule(() -> attempt(again, NOT_TIMED), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
