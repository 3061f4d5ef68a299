package org.envmon.simulator.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;

/**
 * What PostgreSQL itself can take into envmon's migrated {@code reading} table: one text COPY of
 * generated readings in one transaction, as {@code psql \copy} sends it, for stations of its own
 * (codes {@code BENCH-COPY-n}). Its rows and stations are deleted afterwards and the table vacuumed,
 * so the service measured next meets the same table.
 */
public final class CopyCeiling {
    private static final String STATION_PREFIX = "BENCH-COPY-";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Rows copied and the seconds the COPY took, commit included. */
    public record Result(long rows, double seconds) {
        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final Connection connection;

    /** @param connection an open connection to the service's database; used with autocommit */
    public CopyCeiling(Connection connection) {
        this.connection = connection;
    }

    /** Copies {@code stations × metrics × slots} readings, one slot a minute, time slot by time slot. */
    public Result measure(int stations, int metrics, int slots) throws SQLException, IOException {
        connection.setAutoCommit(true);
        List<Integer> stationIds = createStations(stations);
        List<Integer> metricIds = metricIds(metrics);
        try {
            deleteReadings(stationIds);
            byte[] rows = rows(stationIds, metricIds, slots);
            long started = System.nanoTime();
            long copied = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY reading (time, station_id, metric_id, value, flag) FROM STDIN",
                            new ByteArrayInputStream(rows));
            return new Result(copied, (System.nanoTime() - started) / 1e9);
        } finally {
            deleteReadings(stationIds);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM station WHERE code LIKE ?")) {
                delete.setString(1, STATION_PREFIX + "%");
                delete.executeUpdate();
            }
            try (Statement vacuum = connection.createStatement()) {
                vacuum.execute("VACUUM reading");
            }
        }
    }

    private List<Integer> createStations(int count) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO station (code, name) SELECT ? || g, 'COPY ceiling ' || g FROM generate_series(1, ?) g"
                        + " ON CONFLICT (code) DO NOTHING")) {
            insert.setString(1, STATION_PREFIX);
            insert.setInt(2, count);
            insert.executeUpdate();
        }
        return ids("SELECT id FROM station WHERE code LIKE '" + STATION_PREFIX + "%' ORDER BY id LIMIT " + count);
    }

    private List<Integer> metricIds(int count) throws SQLException {
        List<Integer> ids = ids("SELECT id FROM metric ORDER BY id LIMIT " + count);
        if (ids.size() < count) {
            throw new SQLException("the metric catalogue holds " + ids.size() + " factors, fewer than " + count);
        }
        return ids;
    }

    private List<Integer> ids(String sql) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    private void deleteReadings(List<Integer> stationIds) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM reading WHERE station_id = ANY (?)")) {
            Array ids = connection.createArrayOf("int4", stationIds.toArray());
            delete.setArray(1, ids);
            delete.executeUpdate();
        }
    }

    private static byte[] rows(List<Integer> stationIds, List<Integer> metricIds, int slots) {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(slots + 60L, ChronoUnit.MINUTES);
        SplittableRandom random = new SplittableRandom(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(stationIds.size() * metricIds.size() * slots * 48);
        StringBuilder line = new StringBuilder(64);
        for (int slot = 0; slot < slots; slot++) {
            String time = TIME.format(first.plus(slot, ChronoUnit.MINUTES));
            for (int station : stationIds) {
                for (int metric : metricIds) {
                    line.setLength(0);
                    line.append(time)
                            .append('\t')
                            .append(station)
                            .append('\t')
                            .append(metric)
                            .append('\t');
                    line.append(random.nextInt(100_000) / 1000.0).append("\tN\n");
                    out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return out.toByteArray();
    }
}
