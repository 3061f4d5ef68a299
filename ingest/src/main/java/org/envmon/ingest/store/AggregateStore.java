package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.OptionalDouble;
import org.envmon.ingest.payload.StationAggregate;

/** Writes station-reported aggregates idempotently (unique per station, metric, period and interval start). */
public final class AggregateStore {
    private static final String SQL = """
            INSERT INTO station_aggregate (interval_start, station_id, metric_id, period, value_avg, value_min,
                                           value_max, value_cou, flag, interval_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    /** An aggregate of a resolved station. */
    public record Row(int stationId, StationAggregate aggregate) {}

    /** Inserts inside the caller's transaction; returns how many rows were new. */
    public int insert(Connection connection, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            for (Row row : rows) {
                StationAggregate a = row.aggregate();
                insert.setTimestamp(1, Timestamp.from(a.intervalStart()));
                insert.setInt(2, row.stationId());
                insert.setShort(3, a.metricId());
                insert.setString(4, a.period().label());
                setOptional(insert, 5, a.avg());
                setOptional(insert, 6, a.min());
                setOptional(insert, 7, a.max());
                setOptional(insert, 8, a.cou());
                insert.setString(9, String.valueOf(a.flag()));
                if (a.period().seconds() > 0) {
                    insert.setInt(10, a.period().seconds());
                } else {
                    insert.setNull(10, Types.INTEGER);
                }
                insert.addBatch();
            }
            int inserted = 0;
            for (int count : insert.executeBatch()) {
                inserted += Math.max(count, 0);
            }
            return inserted;
        }
    }

    private static void setOptional(PreparedStatement s, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            s.setDouble(index, value.getAsDouble());
        } else {
            s.setNull(index, Types.DOUBLE);
        }
    }
}
