package org.envmon.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.envmon.alerting.eval.Change;
import org.envmon.alerting.eval.Series;
import org.envmon.alerting.store.AlertStore;
import org.junit.jupiter.api.Test;

/**
 * The order, backoff and bounds of changes waiting for the database, with a hand-written store that
 * refuses while the test says so (the database side is covered by AlertWriteRetryIT in ingest).
 */
class WriteBacklogTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    /** Records what it stored; throws {@code failure} instead while it is set. */
    private static final class Store implements WriteBacklog.Writer {
        final List<String> stored = new ArrayList<>();
        int attempts;
        SQLException failure;

        @Override
        public void write(PendingChange change) throws SQLException {
            attempts++;
            if (failure != null) {
                throw failure;
            }
            stored.add(name(change));
        }
    }

    private final Store store = new Store();
    private final WriteBacklog backlog = new WriteBacklog(4, 3, Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final Series a = new Series("r", 1);
    private final Series b = new Series("r", 2);

    private static PendingChange change(Series series, Change.Kind kind, int minute) {
        Change change = new Change(kind, T0.plusSeconds(60L * minute), 2.0, "test", true);
        AlertStore.Write write = new AlertStore.Write(
                0,
                "r",
                series.stationId(),
                "w21003",
                "warning",
                change,
                "firing",
                "",
                "",
                0,
                false,
                List.of(),
                () -> null);
        return new PendingChange(series, write, "S" + series.stationId());
    }

    private static String name(PendingChange change) {
        return change.stationCode() + ":" + change.write().change().kind().label();
    }

    private static SQLException refused() {
        return new SQLException("alert writes refused", "P0001");
    }

    private static SQLException unreachable() {
        return new SQLTransientConnectionException("Connection is not available, request timed out", "08001");
    }

    private void submit(Series series, Change.Kind kind, int minute, Instant now) {
        backlog.submit(change(series, kind, minute), now, store);
    }

    @Test
    void submit_databaseRefuses_changeWaitsAndIsStoredByTheFirstRoundAfterOneSecond() {
        store.failure = refused();
        submit(a, Change.Kind.PENDING, 0, T0);
        store.failure = null;

        backlog.retry(T0.plusMillis(999), false, store);
        assertThat(store.stored).isEmpty();
        backlog.retry(T0.plusSeconds(1), false, store);

        assertThat(store.stored).containsExactly("S1:pending");
        assertThat(backlog.size()).isZero();
        assertThat(backlog.failures()).isEqualTo(1);
        assertThat(backlog.retries()).isEqualTo(1);
    }

    @Test
    void submit_seriesHasWaitingChanges_newChangeWaitsBehindThemWhileOtherSeriesAreStoredAtOnce() {
        store.failure = refused();
        submit(a, Change.Kind.PENDING, 0, T0);
        store.failure = null;

        submit(a, Change.Kind.FIRING, 1, T0.plusMillis(100));
        submit(b, Change.Kind.PENDING, 1, T0.plusMillis(200));
        assertThat(store.stored).containsExactly("S2:pending");

        submit(a, Change.Kind.RESOLVED, 2, T0.plusSeconds(1));
        assertThat(store.stored).containsExactly("S2:pending", "S1:pending", "S1:firing", "S1:resolved");
    }

    @Test
    void retry_roundsKeepFailing_backoffDoublesUpToThirtySeconds() {
        store.failure = refused();
        WriteBacklog patient = new WriteBacklog(4, 100, Duration.ofSeconds(1), Duration.ofSeconds(30));
        patient.submit(change(a, Change.Kind.PENDING, 0), T0, store);
        List<Long> gaps = new ArrayList<>();
        Instant last = T0;
        for (int second = 1; second <= 200; second++) {
            Instant now = T0.plusSeconds(second);
            int before = store.attempts;
            patient.retry(now, false, store);
            if (store.attempts > before) {
                gaps.add(Duration.between(last, now).toSeconds());
                last = now;
            }
        }
        assertThat(gaps).startsWith(1L, 2L, 4L, 8L, 16L, 30L, 30L);
        assertThat(patient.size()).isEqualTo(1);
    }

    @Test
    void submit_databaseUnreachable_otherSeriesWaitWithoutTryingUntilTheRound() {
        store.failure = unreachable();
        submit(a, Change.Kind.PENDING, 0, T0);
        submit(b, Change.Kind.PENDING, 0, T0.plusMillis(500));
        assertThat(store.attempts).isEqualTo(1);
        assertThat(backlog.size()).isEqualTo(2);

        store.failure = null;
        backlog.retry(T0.plusSeconds(1), false, store);
        assertThat(store.stored).containsExactly("S1:pending", "S2:pending");
    }

    @Test
    void submit_backlogFull_newChangeDroppedAndCountedOldestKept() {
        store.failure = unreachable();
        for (int i = 1; i <= 5; i++) {
            submit(new Series("r", i), Change.Kind.PENDING, 0, T0);
        }
        assertThat(backlog.size()).isEqualTo(4);
        assertThat(backlog.givenUp()).isEqualTo(1);

        store.failure = null;
        backlog.retry(T0.plusSeconds(1), false, store);
        assertThat(store.stored).containsExactly("S1:pending", "S2:pending", "S3:pending", "S4:pending");
    }

    @Test
    void retry_refusedTooOften_givenUpWithTheLaterChangesOfItsAlertButNotTheNextAlert() {
        store.failure = refused();
        submit(a, Change.Kind.PENDING, 0, T0);
        submit(a, Change.Kind.FIRING, 1, T0);
        submit(a, Change.Kind.RESOLVED, 2, T0);
        backlog.retry(T0.plusSeconds(1), false, store);
        backlog.retry(T0.plusSeconds(3), false, store);
        assertThat(backlog.size()).isZero();
        assertThat(backlog.givenUp()).isEqualTo(3);

        store.failure = null;
        submit(a, Change.Kind.FIRING, 3, T0.plusSeconds(4));
        submit(a, Change.Kind.PENDING, 4, T0.plusSeconds(4));
        submit(a, Change.Kind.FIRING, 5, T0.plusSeconds(4));
        assertThat(store.stored).containsExactly("S1:pending", "S1:firing");
        assertThat(backlog.givenUp()).isEqualTo(4);
    }

    @Test
    void abandon_changesWaiting_countedAsGivenUp() {
        store.failure = unreachable();
        submit(a, Change.Kind.PENDING, 0, T0);
        submit(b, Change.Kind.PENDING, 0, T0);

        backlog.abandon();

        assertThat(backlog.size()).isZero();
        assertThat(backlog.givenUp()).isEqualTo(2);
    }
}
