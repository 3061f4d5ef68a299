package org.envmon.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.config.EnvmonConfig.WriteStrategy;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.DatabaseStationSource;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.store.MetricRepository;
import org.envmon.ingest.store.NewFactors;
import org.envmon.ingest.store.ReadingWriter;
import org.envmon.ingest.store.RejectionStore;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.TestStations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The batch writer on its own, against a migrated PostgreSQL: what it acknowledges is committed, a
 * duplicate or a poison message costs no other value, a pending station is resolved on the writer
 * thread, and an unreachable database hands the batch to the fallback instead of acknowledging it.
 */
class BatchWriterIT {
    private static final short PH = 1;
    private static final short DO = 2;
    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    private static Database database;
    private static String url;

    private final List<long[]> committedReadings = new CopyOnWriteArrayList<>();
    private final CommitListener listener = readings -> {
        for (int i = 0; i < readings.size(); i++) {
            committedReadings.add(new long[] {readings.stationIdAt(i), readings.metricIdAt(i)});
        }
    };

    @BeforeAll
    static void migrate() {
        url = TestPostgres.newDatabase("batch_writer");
        database = Database.open(TestService.config(url, Map.of()), EmbeddedDatabase.WhenInUse.FAIL, Duration.ZERO);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void run_acknowledgesEachRequestOnlyOnceItsReadingsAreVisibleToOtherConnections() throws Exception {
        int station = station("BW-ACK");
        IngestQueue queue = new IngestQueue(1 << 20);
        Map<Integer, Long> visibleAtAck = new ConcurrentHashMap<>();
        List<WriteOutcome> outcomes = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            int message = i;
            queue.tryOffer(request(new StationRef(station, "BW-ACK"), readings(i * 2, 2), outcome -> {
                visibleAtAck.put(message, countReadings(station));
                outcomes.add(outcome);
            }));
        }

        runUntilDone(queue, writer(queue, BatchWriter.Fallback.NONE));

        assertThat(outcomes).hasSize(3).allSatisfy(outcome -> {
            assertThat(outcome.committed()).isTrue();
            assertThat(outcome.accepted()).isEqualTo(2);
            assertThat(outcome.rejected()).isEmpty();
        });
        // Each acknowledgement saw at least its own two readings from another connection.
        assertThat(visibleAtAck.get(0)).isGreaterThanOrEqualTo(2);
        assertThat(visibleAtAck.get(2)).isEqualTo(6);
        assertThat(committedReadings).hasSize(6);
    }

    @Test
    void run_redeliveredReadings_storedOnceAndTheNewOnesOfTheSameMessageKept() throws Exception {
        int station = station("BW-DUP");
        IngestQueue queue = new IngestQueue(1 << 20);
        List<WriteOutcome> outcomes = new CopyOnWriteArrayList<>();
        queue.tryOffer(request(new StationRef(station, "BW-DUP"), readings(0, 3), outcomes::add));
        queue.tryOffer(request(new StationRef(station, "BW-DUP"), readings(1, 3), outcomes::add));

        runUntilDone(queue, writer(queue, BatchWriter.Fallback.NONE));

        assertThat(outcomes).hasSize(2).allMatch(WriteOutcome::committed);
        assertThat(countReadings(station)).isEqualTo(4);
    }

    @Test
    void run_poisonMessage_quarantinedAsStorageErrorAndTheRestOfTheBatchStored() throws Exception {
        int station = station("BW-POISON");
        IngestQueue queue = new IngestQueue(1 << 20);
        List<WriteOutcome> outcomes = new CopyOnWriteArrayList<>();
        queue.tryOffer(request(new StationRef(station, "BW-POISON"), readings(0, 2), outcomes::add));
        // A flag PostgreSQL cannot store (a NUL character) refuses the whole batch at first.
        List<Reading> poison = List.of(new Reading(T0.plusSeconds(600), PH, 1.0, '\0'));
        queue.tryOffer(request(new StationRef(station, "BW-POISON"), poison, outcomes::add));
        queue.tryOffer(request(new StationRef(station, "BW-POISON"), readings(10, 2), outcomes::add));

        runUntilDone(queue, writer(queue, BatchWriter.Fallback.NONE));

        assertThat(outcomes).hasSize(3).allMatch(WriteOutcome::committed);
        assertThat(outcomes.get(1).rejected()).containsExactly(RejectReason.STORAGE_ERROR);
        assertThat(outcomes.get(0).rejected()).isEmpty();
        assertThat(outcomes.get(2).rejected()).isEmpty();
        assertThat(countReadings(station)).isEqualTo(4);
        assertThat(quarantined("BW-POISON", "storage_error")).isEqualTo(1);
    }

    @Test
    void run_pendingStation_resolvedOnTheWriterThreadAndStoredUnderItsId() throws Exception {
        IngestQueue queue = new IngestQueue(1 << 20);
        List<WriteOutcome> outcomes = new CopyOnWriteArrayList<>();
        queue.tryOffer(request(StationRef.pending("BW-PENDING"), readings(0, 2), outcomes::add));
        StationResolver registering = TestStations.resolver(
                new StationDirectory(),
                new DatabaseStationSource(database.dataSource(), true, ZoneId.of("Asia/Shanghai")));
        BatchWriter writer = new BatchWriter(
                queue,
                new BatchWriter.Target(
                        database.dataSource(),
                        ReadingWriter.of(WriteStrategy.COPY),
                        new RejectionStore(),
                        registering,
                        factors()),
                new BatchWriter.Settings(1000, Duration.ZERO),
                BatchWriter.Fallback.NONE,
                new IngestMetrics(new SimpleMeterRegistry()),
                listener);

        runUntilDone(queue, writer);

        assertThat(outcomes).singleElement().matches(WriteOutcome::committed);
        int id = stationId("BW-PENDING");
        assertThat(countReadings(id)).isEqualTo(2);
        assertThat(committedReadings).allMatch(r -> r[0] == id);
    }

    @Test
    void run_databaseUnreachable_batchGoesToTheFallbackAndNothingIsReportedCommitted() throws Exception {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + freePort() + "/nothing");
        nowhere.setConnectTimeout(2);
        List<List<IngestRequest>> fallenBack = new CopyOnWriteArrayList<>();
        BatchWriter.Fallback recording = new BatchWriter.Fallback() {
            @Override
            public boolean engaged() {
                return false;
            }

            @Override
            public List<WriteOutcome> store(List<IngestRequest> batch, Exception cause) {
                assertThat(cause).isInstanceOf(SQLException.class);
                fallenBack.add(batch);
                return batch.stream()
                        .map(r -> WriteOutcome.committed(r.valueCount(), List.of()))
                        .toList();
            }
        };
        IngestQueue queue = new IngestQueue(1 << 20);
        List<WriteOutcome> outcomes = new CopyOnWriteArrayList<>();
        queue.tryOffer(request(new StationRef(1, "BW-AWAY"), readings(0, 2), outcomes::add));
        queue.tryOffer(request(new StationRef(1, "BW-AWAY"), readings(5, 2), outcomes::add));
        BatchWriter writer = new BatchWriter(
                queue,
                new BatchWriter.Target(
                        nowhere,
                        ReadingWriter.of(WriteStrategy.COPY),
                        new RejectionStore(),
                        TestStations.resolver(new StationDirectory()),
                        factors()),
                new BatchWriter.Settings(1000, Duration.ZERO),
                recording,
                new IngestMetrics(new SimpleMeterRegistry()),
                listener);

        runUntilDone(queue, writer);

        assertThat(fallenBack)
                .singleElement()
                .satisfies(batch -> assertThat(batch).hasSize(2));
        assertThat(outcomes).hasSize(2).allMatch(WriteOutcome::committed);
        assertThat(writer.databaseHealthy()).isFalse();
        assertThat(committedReadings)
                .as("the commit listener sees only database commits")
                .isEmpty();
    }

    @Test
    void run_valuesOfNewFactorCodes_registeredOnceAsUncataloguedAndStoredWithTheRest() throws Exception {
        int station = station("BW-NEWFACTOR");
        IngestQueue queue = new IngestQueue(1 << 20);
        List<WriteOutcome> outcomes = new CopyOnWriteArrayList<>();
        Instant time = T0.plusSeconds(900);
        List<Reading> first = List.of(
                new Reading(time, PH, 7.4, 'N'),
                Reading.ofNewFactor(time, "x99001", 12.5, 'N'),
                Reading.ofNewFactor(time, "x99002", 0.25, 'T'));
        List<Reading> second = List.of(Reading.ofNewFactor(time.plusSeconds(60), "x99001", 13.5, 'N'));
        queue.tryOffer(request(new StationRef(station, "BW-NEWFACTOR"), first, outcomes::add));
        queue.tryOffer(request(new StationRef(station, "BW-NEWFACTOR"), second, outcomes::add));
        MetricCatalog catalog = new MetricRepository(database.dataSource()).loadCatalog();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        runUntilDone(
                queue,
                writer(
                        queue,
                        BatchWriter.Fallback.NONE,
                        new NewFactors(database.dataSource(), catalog),
                        new IngestMetrics(registry)));

        assertThat(outcomes).hasSize(2).allSatisfy(outcome -> {
            assertThat(outcome.committed()).isTrue();
            assertThat(outcome.rejected()).isEmpty();
        });
        assertThat(countReadings(station)).isEqualTo(4);
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT m.code, m.name, m.unit, m.catalogued, r.value, r.flag"
                        + " FROM reading r JOIN metric m ON m.id = r.metric_id WHERE r.station_id = ? AND m.code LIKE"
                        + " 'x99%' ORDER BY r.value")) {
            s.setInt(1, station);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getBoolean(4)
                            + "|" + rs.getDouble(5) + "|" + rs.getString(6));
                }
            }
            assertThat(rows)
                    .containsExactly(
                            "x99002|x99002||false|0.25|T",
                            "x99001|x99001||false|12.5|N",
                            "x99001|x99001||false|13.5|N");
        }
        assertThat(catalog.resolve("X99001")).isPresent();
        assertThat(registry.counter("envmon.factors.registered", "transport", "mqtt")
                        .count())
                .isEqualTo(2);
    }

    private BatchWriter writer(IngestQueue queue, BatchWriter.Fallback fallback) throws SQLException {
        return writer(queue, fallback, factors(), new IngestMetrics(new SimpleMeterRegistry()));
    }

    private BatchWriter writer(
            IngestQueue queue, BatchWriter.Fallback fallback, NewFactors factors, IngestMetrics metrics) {
        return new BatchWriter(
                queue,
                new BatchWriter.Target(
                        database.dataSource(),
                        ReadingWriter.of(WriteStrategy.COPY),
                        new RejectionStore(),
                        TestStations.resolver(new StationDirectory()),
                        factors),
                new BatchWriter.Settings(1000, Duration.ZERO),
                fallback,
                metrics,
                listener);
    }

    private static NewFactors factors() throws SQLException {
        return new NewFactors(database.dataSource(), new MetricRepository(database.dataSource()).loadCatalog());
    }

    /** Runs the writer on its own thread until it has taken everything queued and the queue is closed. */
    private static void runUntilDone(IngestQueue queue, BatchWriter writer) throws InterruptedException {
        Thread thread = new Thread(writer, "test-writer");
        thread.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.requests() == 0);
        queue.close();
        thread.join(Duration.ofSeconds(30).toMillis());
        assertThat(thread.isAlive()).as("writer stopped after the queue closed").isFalse();
    }

    private static IngestRequest request(StationRef station, List<Reading> readings, Consumer<WriteOutcome> onDone) {
        byte[] raw = ("readings of " + station.code()).getBytes(StandardCharsets.UTF_8);
        MessageOrigin origin =
                new MessageOrigin(Transport.MQTT, "client-" + station.code(), "stations/" + station.code(), T0);
        return new IngestRequest(origin, station, readings, List.of(), List.of(), raw, raw.length, onDone);
    }

    /** {@code count} readings one minute apart from {@code first} minutes after T0, pH and DO alternating. */
    private static List<Reading> readings(int first, int count) {
        List<Reading> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            out.add(new Reading(T0.plus(Duration.ofMinutes(i)), i % 2 == 0 ? PH : DO, 7.0 + i / 10.0, 'N'));
        }
        return out;
    }

    /** A port nothing listens on once the probe socket is closed: connections to it are refused. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int station(String code) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO station (code, name) VALUES (?, ?) RETURNING id")) {
            s.setString(1, code);
            s.setString(2, "Batch writer " + code);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int stationId(String code) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT id FROM station WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("station %s registered", code).isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static long countReadings(int station) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM reading WHERE station_id = ?")) {
            s.setInt(1, station);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long quarantined(String stationCode, String reason) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM rejected_message WHERE station_code = ? AND reason = ?")) {
            s.setString(1, stationCode);
            s.setString(2, reason);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
    }
}
