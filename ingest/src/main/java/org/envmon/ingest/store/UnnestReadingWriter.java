package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One {@code INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING} per batch: five bound
 * array parameters whatever the batch size (pgjdbc binds primitive arrays directly).
 */
final class UnnestReadingWriter implements ReadingWriter {
    private static final String SQL = """
            INSERT INTO reading (time, station_id, metric_id, value, flag)
            SELECT timestamptz 'epoch' + u.t * interval '1 microsecond', u.s, u.m, u.v, u.f
            FROM unnest(?::int8[], ?::int4[], ?::int2[], ?::float8[], ?::text[]) AS u(t, s, m, v, f)
            ON CONFLICT DO NOTHING""";

    @Override
    public int insert(Connection connection, ReadingBatch batch) throws SQLException {
        if (batch.size() == 0) {
            return 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            insert.setObject(1, batch.epochMicros());
            insert.setObject(2, batch.stationIds());
            insert.setObject(3, batch.metricIds());
            insert.setObject(4, batch.values());
            insert.setObject(5, batch.flags());
            return insert.executeUpdate();
        }
    }
}
