package org.envmon.alerting.notify;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
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
        executor.execute(() -> attempt(delivery, submitted));
    }

    /** Picks up what a previous run left in the outbox. */
    public int resumeUnsent() throws SQLException {
        int count = 0;
        for (Delivery d : store.unsent()) {
            executor.schedule(() -> attempt(d, NOT_TIMED), 0, TimeUnit.MILLISECONDS);
            count++;
        }
        return count;
    }

    public long sent() {
        return sent.get();
    }

    public long dead() {
        return dead.get();
    }

    /** One try; {@code submittedNanos} is when a first try was submitted, or {@link #NOT_TIMED}. */
    private void attempt(Delivery d, long submittedNanos) {
        int attempts = d.attempts() + 1;
        Notifier notifier = notifiers.get().get(d.notifier());
        if (notifier == null) {
            record(
                    d,
                    () -> store.markDead(
                            d.id(), d.attempts(), "notifier '" + d.notifier() + "' is no longer in the rules file"));
            dead.incrementAndGet();
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
        record(d, () -> store.markSent(d.id(), attempts));
        sent.incrementAndGet();
    }

    private interface OutcomeWrite {
        void run() throws SQLException;
    }

    private static void record(Delivery d, OutcomeWrite write) {
        try {
            write.run();
        } catch (SQLException e) {
            log.error("Cannot record the outcome of notification {}: {}", d.id(), e.getMessage());
        }
    }

    private void failed(Delivery d, int attempts, Exception e) throws SQLException {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (attempts >= maxAttempts) {
            store.markDead(d.id(), attempts, error);
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
        executor.schedule(() -> attempt(again, NOT_TIMED), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
