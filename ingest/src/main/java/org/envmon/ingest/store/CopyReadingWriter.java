package org.envmon.ingest.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * COPY into a per-session temporary staging table, then {@code INSERT … SELECT … ON CONFLICT DO
 * NOTHING} into reading. The staging table empties itself at commit.
 */
final class CopyReadingWriter implements ReadingWriter {
    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS reading_staging (
                t bigint NOT NULL, station_id integer NOT NULL, metric_id smallint NOT NULL,
                value double precision NOT NULL, flag char(1) NOT NULL
            ) ON COMMIT DELETE ROWS""";
    private static final String COPY = "COPY reading_staging (t, station_id, metric_id, value, flag) FROM STDIN";
    private static final String MERGE = """
            INSERT INTO reading (time, station_id, metric_id, value, flag)
            SELECT timestamptz 'epoch' + t * interval '1 microsecond', station_id, metric_id, value, flag
            FROM reading_staging
            ON CONFLICT DO NOTHING""";

    @Override
    public int insert(Connection connection, ReadingBatch batch) throws SQLException {
        if (batch.size() == 0) {
            return 0;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(CREATE_STAGING);
        }
        StringBuilder rows = new StringBuilder(batch.size() * 40);
        for (int i = 0; i < batch.size(); i++) {
            rows.append(batch.epochMicrosAt(i))
                    .append('\t')
                    .append(batch.stationIdAt(i))
                    .append('\t')
                    .append(batch.metricIdAt(i))
                    .append('\t')
                    .append(batch.valueAt(i))
                    .append('\t')
                    .append(batch.flagAt(i))
                    .append('\n');
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try {
            copy.copyIn(COPY, new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into reading_staging failed: " + e.getMessage(), "08006", e);
        }
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(MERGE);
        }
    }
}
