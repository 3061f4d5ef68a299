package org.envmon.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.config.EnvmonConfig.WriteStrategy;
import org.envmon.ingest.testing.Sql;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both write strategies against a migrated PostgreSQL: every value lands exactly as given (time to
 * the microsecond, before and after 2000, flag, value), rows already stored are absorbed without
 * losing the new rows of the same batch, and the caller's transaction stays usable either way.
 */
class ReadingWriterIT {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");

    private static Database database;
    private static int stationId;

    @BeforeAll
    static void migrate() throws SQLException {
        String url = TestPostgres.newDatabase("reading_writer");
        database = Database.open(TestService.config(url, Map.of()), EmbeddedDatabase.WhenInUse.FAIL, Duration.ZERO);
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("INSERT INTO station (code, name) VALUES ('RW1', 'writer') RETURNING id")) {
            rs.next();
            stationId = rs.getInt(1);
        }
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("TRUNCATE reading");
    }

    @ParameterizedTest
    @EnumSource(WriteStrategy.class)
    void storesEveryFieldExactly(WriteStrategy strategy) throws SQLException {
        ReadingBatch batch = new ReadingBatch(4);
        batch.add(T0, stationId, (short) 1, 7.25, 'N');
        batch.add(T0, stationId, (short) 2, -0.001, 'D');
        batch.add(Instant.parse("1999-12-31T23:59:59.999999Z"), stationId, (short) 1, 1e-300, 'T');
        batch.add(T0.plusSeconds(60), stationId, (short) 1, 123456.789, 'N');

        assertThat(insertCommitted(writer(strategy), batch)).isEqualTo(4);

        assertThat(rows())
                .containsExactly(
                        "1999-12-31T23:59:59.999999Z 1 1.0E-300 T",
                        "2026-03-01T08:00:00.123456Z 1 7.25 N",
                        "2026-03-01T08:00:00.123456Z 2 -0.001 D",
                        "2026-03-01T08:01:00.123456Z 1 123456.789 N");
    }

    @ParameterizedTest
    @EnumSource(WriteStrategy.class)
    void absorbsRowsAlreadyStoredAndKeepsTheNewOnes(WriteStrategy strategy) throws SQLException {
        ReadingWriter writer = writer(strategy);
        assertThat(insertCommitted(writer, slots(0, 10))).isEqualTo(10);

        assertThat(insertCommitted(writer, slots(5, 15))).isEqualTo(5);

        assertThat(rows()).hasSize(15);
        assertThat(count("SELECT count(DISTINCT time) FROM reading")).isEqualTo(15);
    }

    @ParameterizedTest
    @EnumSource(WriteStrategy.class)
    void transactionGoesOnAfterAbsorbingDuplicates(WriteStrategy strategy) throws SQLException {
        ReadingWriter writer = writer(strategy);
        insertCommitted(writer, slots(0, 3));
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(writer.insert(c, slots(0, 4))).isEqualTo(1);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO station (code, name) VALUES ('RW-" + strategy + "', 'same transaction')");
            }
            c.commit();
        }
        assertThat(rows()).hasSize(4);
        assertThat(count("SELECT count(*) FROM station WHERE code = 'RW-" + strategy + "'"))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(WriteStrategy.class)
    void runOfRedeliveriesThenNewRows_eachRowCountedOnce(WriteStrategy strategy) throws SQLException {
        ReadingWriter writer = writer(strategy);
        insertCommitted(writer, slots(0, 1));
        int next = 1;
        for (int i = 0; i < CopyReadingWriter.UPSERT_BATCHES_AFTER_CONFLICT + 3; i++) {
            assertThat(insertCommitted(writer, slots(next - 1, next + 2))).isEqualTo(2);
            next += 2;
        }
        for (int i = 0; i < 3; i++) {
            assertThat(insertCommitted(writer, slots(next, next + 2))).isEqualTo(2);
            next += 2;
        }
        assertThat(rows()).hasSize(next);
    }

    /** COPY for every batch size, so that these small batches exercise it. */
    private static ReadingWriter writer(WriteStrategy strategy) {
        return strategy == WriteStrategy.COPY ? new CopyReadingWriter(1) : ReadingWriter.of(strategy);
    }

    private static ReadingBatch slots(int fromMinute, int toMinute) {
        ReadingBatch batch = new ReadingBatch(toMinute - fromMinute);
        for (int m = fromMinute; m < toMinute; m++) {
            batch.add(T0.plusSeconds(60L * m), stationId, (short) 1, m, 'N');
        }
        return batch;
    }

    private static int insertCommitted(ReadingWriter writer, ReadingBatch batch) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            int inserted = writer.insert(c, batch);
            c.commit();
            return inserted;
        }
    }

    private static List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT time, metric_id, value, flag FROM reading ORDER BY time, metric_id")) {
            while (rs.next()) {
                rows.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant() + " " + rs.getShort(2) + " "
                        + rs.getDouble(3) + " " + rs.getString(4));
            }
        }
        return rows;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            return Sql.count(c, sql);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
