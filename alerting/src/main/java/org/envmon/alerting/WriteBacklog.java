package org.envmon.alerting;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.envmon.alerting.eval.Series;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert changes the database did not take, kept in the order they happened and tried again, oldest
 * first, in rounds: the first round {@code firstBackoff} after a failure, then, while rounds store
 * nothing, after a backoff doubling up to {@code maxBackoff}. Per series the order is kept: a new
 * change of a series with waiting changes waits behind them, and a round skips the rest of a series
 * once one of its changes fails. While the database cannot be reached, new changes of other series
 * wait too rather than each waiting for a connection.
 *
 * <p>Nothing waits forever. At most {@code capacity} changes wait: a change beyond that is dropped,
 * the waiting (older) ones kept. A change the database answers with an error {@code maxRefusals}
 * times is dropped too (it would block its series for good). Both are logged and counted as given
 * up; when the dropped change opens an alert, the later changes of that alert are given up with it,
 * as there is no alert row for them.
 *
 * <p>Confined to the evaluation thread; only the counters are read elsewhere.
 */
final class WriteBacklog {
    private static final Logger log = LoggerFactory.getLogger(WriteBacklog.class);

    /** Stores one change; throws when the database did not take it. */
    interface Writer {
        void write(PendingChange change) throws SQLException;
    }

    private static final class Entry {
        final long seq;
        final PendingChange change;
        int refusals;

        Entry(long seq, PendingChange change) {
            this.seq = seq;
            this.change = change;
        }
    }

    private final int capacity;
    private final int maxRefusals;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Deque<Entry> waiting = new ArrayDeque<>();
    private final Map<Series, Integer> waitingPerSeries = new HashMap<>();
    /** Series whose opening change was given up, with its sequence number. */
    private final Map<Series, Long> orphanedAfter = new HashMap<>();

    private long lastSeq;
    private Duration backoff;
    private Instant nextRound = Instant.MIN;
    private boolean unreachable;
    private boolean full;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    WriteBacklog(int capacity, int maxRefusals, Duration firstBackoff, Duration maxBackoff) {
        this.capacity = capacity;
        this.maxRefusals = maxRefusals;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = firstBackoff;
    }

    /** Failed attempts to store a change, first tries and retries. */
    long failures() {
        return failures.get();
    }

    /** Attempts to store a change that had waited. */
    long retries() {
        return retries.get();
    }

    /** Changes dropped without being stored. */
    long givenUp() {
        return givenUp.get();
    }

    /** Changes waiting now. */
    int size() {
        return size.get();
    }

    /** Stores a new change at once, or keeps it behind the changes that wait. */
    void submit(PendingChange change, Instant now, Writer writer) {
        Entry entry = new Entry(++lastSeq, change);
        retry(now, false, writer);
        if (waitingPerSeries.containsKey(change.series()) || (unreachable && now.isBefore(nextRound))) {
            enqueue(entry);
            return;
        }
        try {
            attempt(entry, writer);
        } catch (SQLException e) {
            failures.incrementAndGet();
            if (waiting.isEmpty()) {
                backoff = firstBackoff;
                nextRound = now.plus(backoff);
            }
            unreachable = unreachable(e);
            entry.refusals = unreachable ? 0 : 1;
            log.error(
                    "Cannot store {}: {}; kept to try again ({} alert change(s) waiting, next try at {})",
                    change.describe(),
                    e.getMessage(),
                    waiting.size() + 1,
                    nextRound);
            enqueue(entry);
        } catch (RuntimeException e) {
            giveUp(entry, e.toString(), false);
        }
    }

    /** One round: tries the waiting changes oldest first once the backoff has passed, or at once when forced. */
    void retry(Instant now, boolean force, Writer writer) {
        if (waiting.isEmpty() || (!force && now.isBefore(nextRound))) {
            return;
        }
        Set<Series> blocked = new HashSet<>();
        int stored = 0;
        String lastError = null;
        boolean away = false;
        Iterator<Entry> it = waiting.iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            Series series = entry.change.series();
            if (blocked.contains(series)) {
                continue;
            }
            retries.incrementAndGet();
            try {
                if (attempt(entry, writer)) {
                    stored++;
                }
                remove(it, entry);
            } catch (SQLException e) {
                failures.incrementAndGet();
                lastError = e.getMessage();
                if (unreachable(e)) {
                    // Every other change would wait for a connection just the same.
                    away = true;
                    break;
                }
                if (++entry.refusals >= maxRefusals) {
                    giveUp(entry, "the database refused it " + entry.refusals + " times, last: " + lastError, false);
                    remove(it, entry);
                } else {
                    blocked.add(series);
                }
            } catch (RuntimeException e) {
                giveUp(entry, e.toString(), false);
                remove(it, entry);
            }
        }
        unreachable = away;
        if (waiting.isEmpty()) {
            backoff = firstBackoff;
            log.info("Alert changes that waited for the database are stored ({} in the last round)", stored);
            return;
        }
        backoff = stored > 0 ? firstBackoff : min(backoff.multipliedBy(2), maxBackoff);
        nextRound = now.plus(backoff);
        log.warn(
                "{} alert change(s) still wait for the database ({} stored in this round; last error: {});"
                        + " next try in {} s",
                waiting.size(),
                stored,
                lastError,
                backoff.toSeconds());
    }

    /** Drops what still waits (the engine stops): those changes are lost, so they are counted and logged. */
    void abandon() {
        if (waiting.isEmpty()) {
            return;
        }
        givenUp.addAndGet(waiting.size());
        log.error(
                "Stopping with {} alert change(s) the database did not take; they are lost, the oldest: {}",
                waiting.size(),
                waiting.peekFirst().change.describe());
        waiting.clear();
        waitingPerSeries.clear();
        size.set(0);
    }

    /** Writes the change; false when it was given up because its alert was never stored. */
    private boolean attempt(Entry entry, Writer writer) throws SQLException {
        Series series = entry.change.series();
        Long orphaned = orphanedAfter.get(series);
        if (orphaned != null && entry.seq > orphaned) {
            if (!entry.change.opens()) {
                giveUp(entry, "the alert it belongs to was never stored", false);
                return false;
            }
            orphanedAfter.remove(series);
        }
        writer.write(entry.change);
        return true;
    }

    private void enqueue(Entry entry) {
        if (waiting.size() >= capacity) {
            if (!full) {
                full = true;
                log.error(
                        "{} alert changes wait for the database, the most kept: newer changes are dropped"
                                + " (counted as given up) until it takes some",
                        capacity);
            }
            giveUp(entry, "the backlog is full", true);
            return;
        }
        waiting.addLast(entry);
        waitingPerSeries.merge(entry.change.series(), 1, Integer::sum);
        size.set(waiting.size());
    }

    private void remove(Iterator<Entry> it, Entry entry) {
        it.remove();
        waitingPerSeries.computeIfPresent(entry.change.series(), (s, n) -> n == 1 ? null : n - 1);
        size.set(waiting.size());
        if (waiting.size() < capacity) {
            full = false;
        }
    }

    private void giveUp(Entry entry, String why, boolean quiet) {
        givenUp.incrementAndGet();
        if (entry.change.opens()) {
            orphanedAfter.put(entry.change.series(), entry.seq);
        }
        if (quiet) {
            log.debug("Gave up storing {}: {}", entry.change.describe(), why);
        } else {
            log.error("Gave up storing {}: {}", entry.change.describe(), why);
        }
    }

    /**
     * Whether the database could not be reached or is not taking writes at all (connection failures,
     * shutdown, resources, read-only), as opposed to refusing this change.
     */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08")
                        || state.startsWith("57P")
                        || state.startsWith("53")
                        || state.equals("25006")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
