package org.envmon.ingest.store;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Binary {@code COPY} straight into reading, the fastest way rows enter PostgreSQL (no text parsing,
 * bulk heap insertion), for batches of {@link #MIN_COPY_ROWS} readings or more; smaller ones take
 * the one round trip of the array insert. COPY cannot skip rows already stored, so it runs inside a savepoint: when the
 * batch repeats a stored (station, metric, time) the savepoint is rolled back and the batch goes
 * through {@code ON CONFLICT DO NOTHING} instead. Redelivery comes in runs (a replayed backlog, a
 * station resending after a lost ack), so after a conflict the next batches go straight to the
 * conflict-tolerant insert before COPY is tried again.
 */
final class CopyReadingWriter implements ReadingWriter {
    /** Below this the single round trip of the array insert beats the savepoint and COPY (measured). */
    static final int MIN_COPY_ROWS = 1_000;

    static final int UPSERT_BATCHES_AFTER_CONFLICT = 32;
    private static final String COPY =
            "COPY reading (time, station_id, metric_id, value, flag) FROM STDIN (FORMAT binary)";
    private static final String UNIQUE_VIOLATION = "23505";

    private final int minCopyRows;
    private final ReadingWriter conflictTolerant = new UnnestReadingWriter();
    private final AtomicInteger upsertBatchesLeft = new AtomicInteger();

    CopyReadingWriter() {
        this(MIN_COPY_ROWS);
    }

    CopyReadingWriter(int minCopyRows) {
        this.minCopyRows = minCopyRows;
    }

    @Override
    public int insert(Connection connection, ReadingBatch batch) throws SQLException {
        if (batch.size() == 0) {
            return 0;
        }
        if (batch.size() < minCopyRows) {
            return conflictTolerant.insert(connection, batch);
        }
        if (upsertBatchesLeft.get() > 0) {
            upsertBatchesLeft.decrementAndGet();
            return conflictTolerant.insert(connection, batch);
        }
        // Not released: the commit ends it, and a RELEASE would cost one more round trip.
        Savepoint beforeCopy = connection.setSavepoint();
        try {
            return copy(connection, batch);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeCopy);
            upsertBatchesLeft.set(UPSERT_BATCHES_AFTER_CONFLICT);
            return conflictTolerant.insert(connection, batch);
        }
    }

    private static int copy(Connection connection, ReadingBatch batch) throws SQLException {
        ByteBuffer rows = BinaryCopyRows.encode(batch);
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copyIn.writeToCopy(rows.array(), 0, rows.position());
            return Math.toIntExact(copyIn.endCopy());
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }
}
