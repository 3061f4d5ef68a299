package org.envmon.ingest.it.alerting;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.envmon.alerting.AlertEngine;
import org.envmon.alerting.AlertTimings;
import org.envmon.alerting.AlertingSettings;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.notify.Templates;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.testing.ManualClock;
import org.envmon.ingest.testing.Sql;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.WebhookReceiver;

/**
 * The alert engine on a migrated database of its own, with a clock the test moves, a rules file the
 * test writes and a real webhook receiver behind notifier {@code ops}. Readings are stored in
 * {@code reading} and then offered to the engine, as the ingest writer does after its commit.
 */
final class AlertingFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String W21003 = "w21003";

    final ManualClock clock = new ManualClock();
    final WebhookReceiver hook = new WebhookReceiver("ok");
    private final Database database;
    private final Path rules;
    private int flapChanges = 4;
    private Duration flapWindow = Duration.ofHours(1);
    private int rulesWritten;
    private AlertEngine engine;
    private short metric;
    private final AtomicInteger evaluatedBatches = new AtomicInteger();

    private AlertingFixture(Database database, Path dir) {
        this.database = database;
        this.rules = dir.resolve("rules.yaml");
    }

    /** A fresh database on the shared test PostgreSQL. */
    static AlertingFixture create(String purpose, Path dir) {
        return on(TestService.config(TestPostgres.newDatabase(purpose), Map.of()), dir);
    }

    /** The database {@code config} names (e.g. a PostgreSQL the test stops and starts). */
    static AlertingFixture on(EnvmonConfig config, Path dir) {
        return new AlertingFixture(Database.open(config, EmbeddedDatabase.WhenInUse.SHARE, Duration.ZERO), dir);
    }

    AlertingFixture flapping(int changes, Duration window) {
        flapChanges = changes;
        flapWindow = window;
        return this;
    }

    /** Writes the rules file: notifier {@code ops}, then the given rules (YAML list items). */
    void rules(String... ruleItems) throws Exception {
        StringBuilder yaml = new StringBuilder("notifiers:\n  - {id: ops, type: webhook, url: '")
                .append(hook.url("/hook"))
                .append("'}\nrules:\n");
        for (String item : ruleItems) {
            yaml.append("  - ").append(item).append('\n');
        }
        Files.writeString(rules, yaml);
        // A distinct modification time per version, however fast the test rewrites the file.
        Files.setLastModifiedTime(
                rules, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(10L * ++rulesWritten)));
    }

    AlertEngine start() {
        engine = AlertEngine.start(
                new AlertingSettings(
                        rules,
                        Templates.Language.EN,
                        Optional.empty(),
                        Optional.empty(),
                        10_000,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        3,
                        Duration.ofMillis(50),
                        flapChanges,
                        flapWindow,
                        ZoneId.of("Asia/Shanghai")),
                database.dataSource(),
                clock,
                (stage, nanos) -> {
                    if (stage == AlertTimings.Stage.EVALUATED) {
                        evaluatedBatches.incrementAndGet();
                    }
                });
        return engine;
    }

    AlertEngine engine() {
        return engine;
    }

    /** Stops the engine once its notifications are delivered (a stop abandons deliveries in flight) and starts a new one. */
    AlertEngine restart() {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notification WHERE status = 'pending'") == 0);
        engine.close();
        return start();
    }

    /** Reloads the rules once the engine's next reload check sees the changed file. */
    void reload() {
        long before = engine.reloads();
        clock.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> engine.reloads() == before + 1);
    }

    int station(String code) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO station (code, name, kind) VALUES (?, ?, 'river_section') RETURNING id")) {
            s.setString(1, code);
            s.setString(2, "Station " + code);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The id of w21003, read once so that readings can be offered while the database is down. */
    short metric() throws SQLException {
        if (metric == 0) {
            metric = (short) count("SELECT id FROM metric WHERE code = ?", W21003);
        }
        return metric;
    }

    /** Stores a reading that arrived at its own time (no engine needed), as a previous run would have. */
    void store(int station, Instant time, double value) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO reading (time, station_id, metric_id, value, flag,"
                                + " received_at) VALUES (?, ?, ?, ?, 'N', ?)")) {
            s.setTimestamp(1, Timestamp.from(time));
            s.setInt(2, station);
            s.setShort(3, metric());
            s.setDouble(4, value);
            s.setTimestamp(5, Timestamp.from(time));
            s.executeUpdate();
        }
    }

    /** Stores a reading and hands it to the engine, as the ingest writer does after its commit. */
    void feed(int station, Instant time, double value) throws SQLException {
        store(station, time, value);
        offer(station, time, value);
    }

    /**
     * Hands a batch of readings to the engine without storing them and waits until it evaluated them,
     * so that their arrival is the clock's time now.
     */
    void evaluate(List<ReadingEvent> batch) {
        int before = evaluatedBatches.get();
        engine.offer(batch);
        await().atMost(WAIT).until(() -> evaluatedBatches.get() > before);
    }

    /** Hands a reading to the engine without storing it (its commit is taken as given). */
    void offer(int station, Instant time, double value) throws SQLException {
        engine.offer(List.of(new ReadingEvent(station, metric(), time, value, 'N')));
    }

    /**
     * The event of each notification the engine wrote, in the order it wrote them (the dispatcher's
     * threads may deliver notifications written together in another order).
     */
    List<String> announced() throws SQLException {
        return texts("SELECT e.kind FROM notification n JOIN alert_event e ON e.id = n.event_id ORDER BY n.id");
    }

    /** The event of each notice the receiver got, in arrival order. */
    List<String> notified() {
        return hook.received().stream()
                .map(r -> r.json().path("notice").path("event").asText())
                .toList();
    }

    DataSource dataSource() {
        return database.dataSource();
    }

    Connection connect() throws SQLException {
        return database.dataSource().getConnection();
    }

    long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect()) {
            return Sql.count(c, sql, params);
        }
    }

    /** The first column of every row, as text. */
    List<String> texts(String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        hook.close();
        database.close();
    }
}
