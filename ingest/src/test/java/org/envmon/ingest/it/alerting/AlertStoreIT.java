package org.envmon.ingest.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.envmon.alerting.eval.Change;
import org.envmon.alerting.notify.Delivery;
import org.envmon.alerting.notify.Notice;
import org.envmon.alerting.store.AlertStore;
import org.envmon.alerting.store.NotificationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert store on a migrated PostgreSQL: each change with its event and its outbox rows in one
 * transaction, one open alert per rule and station, and the rows a restart restores from. Each test
 * uses rules of its own, so they share one database.
 */
class AlertStoreIT {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    static Path dir;

    private static AlertingFixture db;
    private static AlertStore store;

    @BeforeAll
    static void open() {
        db = AlertingFixture.create("alert_store", dir);
        store = new AlertStore(db.dataSource());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Change change(Change.Kind kind, int minute, double value, boolean announce) {
        return new Change(kind, T0.plusSeconds(60L * minute), value, kind.label() + " at minute " + minute, announce);
    }

    private static AlertStore.Write write(
            long alertId,
            String rule,
            int station,
            Change change,
            String state,
            int exceedance,
            boolean flapping,
            List<String> notifiers) {
        return new AlertStore.Write(
                alertId,
                rule,
                station,
                "w21003",
                "critical",
                change,
                state,
                "above 1.5",
                "Ammonia nitrogen " + change.value() + " mg/L (above 1.5)",
                exceedance,
                flapping,
                notifiers,
                () -> notice(rule, change));
    }

    private static AlertStore.Write write(long alertId, String rule, int station, Change change, String state) {
        return write(alertId, rule, station, change, state, 0, false, List.of("ops"));
    }

    private static Notice notice(String rule, Change change) {
        return new Notice(
                0,
                0,
                change.kind().label(),
                rule,
                rule,
                "critical",
                "S",
                "Station",
                "river_section",
                null,
                null,
                "w21003",
                "Ammonia nitrogen",
                "氨氮",
                "mg/L",
                Double.isNaN(change.value()) ? null : change.value(),
                "above 1.5",
                null,
                null,
                null,
                "2026-03-01 16:00:00",
                "Asia/Shanghai",
                change.detail(),
                null);
    }

    private static List<String> events(long alertId) throws SQLException {
        return db.texts("SELECT kind FROM alert_event WHERE alert_id = ? ORDER BY id", alertId);
    }

    private static String alertText(String column, long alertId) throws SQLException {
        return db.texts("SELECT " + column + "::text FROM alert WHERE id = ?", alertId)
                .get(0);
    }

    @Test
    void write_pendingFiringResolved_alertRowEventsAndOutboxFollowTheEpisode() throws Exception {
        int station = db.station("AS1");

        AlertStore.Written pending =
                store.write(write(0, "seq", station, change(Change.Kind.PENDING, 0, 1.8, false), "pending"));
        long id = pending.alertId();
        assertThat(id).isPositive();
        assertThat(pending.deliveries()).isEmpty();
        assertThat(alertText("state", id)).isEqualTo("pending");
        assertThat(db.count(
                        "SELECT count(*) FROM alert WHERE id = ? AND started_at = ? AND fired_at IS NULL"
                                + " AND value = 1.8 AND severity = 'critical' AND metric_code = 'w21003'",
                        id,
                        Timestamp.from(T0)))
                .isEqualTo(1);
        assertThat(events(id)).containsExactly("pending");
        assertThat(db.count("SELECT count(*) FROM notification WHERE alert_id = ?", id))
                .isZero();

        AlertStore.Written firing = store.write(write(
                id,
                "seq",
                station,
                change(Change.Kind.FIRING, 5, 2.2, true),
                "firing",
                1,
                false,
                List.of("ops", "duty")));
        assertThat(firing.alertId()).isEqualTo(id);
        assertThat(firing.deliveries()).extracting(Delivery::notifier).containsExactly("ops", "duty");
        assertThat(firing.deliveries()).allSatisfy(d -> {
            assertThat(d.attempts()).isZero();
            assertThat(d.notice().notificationId()).isEqualTo(d.id());
            assertThat(d.notice().alertId()).isEqualTo(id);
            assertThat(d.notice().event()).isEqualTo("firing");
        });
        assertThat(alertText("state", id)).isEqualTo("firing");
        assertThat(alertText("exceedance_no", id)).isEqualTo("1");
        assertThat(db.count(
                        "SELECT count(*) FROM alert WHERE id = ? AND fired_at = ? AND value = 2.2",
                        id,
                        Timestamp.from(T0.plusSeconds(300))))
                .isEqualTo(1);
        assertThat(events(id)).containsExactly("pending", "firing");
        for (Delivery d : firing.deliveries()) {
            assertOutboxRow(d, "firing");
        }

        AlertStore.Written resolved =
                store.write(write(id, "seq", station, change(Change.Kind.RESOLVED, 9, 1.1, true), "resolved"));
        assertThat(resolved.deliveries()).singleElement().satisfies(d -> assertOutboxRow(d, "resolved"));
        assertThat(alertText("state", id)).isEqualTo("resolved");
        assertThat(alertText("exceedance_no", id)).as("kept from firing").isEqualTo("1");
        assertThat(db.count(
                        "SELECT count(*) FROM alert WHERE id = ? AND resolved_at = ? AND last_change_at = ?",
                        id,
                        Timestamp.from(T0.plusSeconds(540)),
                        Timestamp.from(T0.plusSeconds(540))))
                .isEqualTo(1);
        assertThat(events(id)).containsExactly("pending", "firing", "resolved");
        assertThat(db.count("SELECT count(*) FROM notification WHERE alert_id = ?", id))
                .isEqualTo(3);
        assertThat(store.latestPerSeries())
                .filteredOn(r -> r.ruleId().equals("seq"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(id);
                    assertThat(r.state()).isEqualTo("resolved");
                    assertThat(r.exceedanceNo()).isEqualTo(1);
                });
    }

    @Test
    void unsent_afterWrite_readsBackTheSameDeliveriesWithTheirIds() throws Exception {
        int station = db.station("AS9");
        long id = store.write(write(0, "resend", station, change(Change.Kind.PENDING, 0, 1.9, false), "pending"))
                .alertId();
        AlertStore.Written firing = store.write(write(
                id,
                "resend",
                station,
                change(Change.Kind.FIRING, 5, 2.4, true),
                "firing",
                1,
                false,
                List.of("ops", "duty")));

        List<Delivery> unsent = new NotificationStore(db.dataSource()).unsent();

        assertThat(unsent)
                .filteredOn(d -> d.notice().alertId() == id)
                .as("a restart resends exactly what the write handed to the dispatcher")
                .containsExactlyElementsOf(firing.deliveries());
    }

    /** The outbox row of a delivery: pending, on the event the delivery announces, with the notice as JSON. */
    private static void assertOutboxRow(Delivery d, String event) {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("SELECT n.status, n.attempts, n.notifier, n.notice, e.kind,"
                        + " n.alert_id FROM notification n JOIN alert_event e ON e.id = n.event_id WHERE n.id = ?")) {
            s.setLong(1, d.id());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("pending");
                assertThat(rs.getInt(2)).isZero();
                assertThat(rs.getString(3)).isEqualTo(d.notifier());
                JsonNode stored = new ObjectMapper().readTree(rs.getString(4));
                assertThat(stored.has("notificationId") || stored.has("alertId"))
                        .as("the ids are the row's columns, not repeated in the stored notice")
                        .isFalse();
                assertThat(stored.path("event").asText()).isEqualTo(event);
                assertThat(rs.getString(5)).isEqualTo(event);
                assertThat(d.notice().notificationId()).isEqualTo(d.id());
                assertThat(rs.getLong(6)).isEqualTo(d.notice().alertId()).isPositive();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void write_changeNotAnnounced_eventStoredWithoutNotification() throws Exception {
        int station = db.station("AS2");
        long id = store.write(write(0, "quiet", station, change(Change.Kind.PENDING, 0, 1.8, false), "pending"))
                .alertId();

        AlertStore.Written allowed = store.write(write(
                id, "quiet", station, change(Change.Kind.ALLOWED, 1, 1.9, false), "pending", 1, false, List.of("ops")));

        assertThat(allowed.deliveries()).isEmpty();
        assertThat(events(id)).containsExactly("pending", "allowed");
        assertThat(db.count("SELECT count(*) FROM notification WHERE alert_id = ?", id))
                .isZero();
    }

    @Test
    void write_secondOpenAlertOfTheSameRuleAndStation_refusedUntilTheFirstIsResolved() throws Exception {
        int station = db.station("AS3");
        long first = store.write(write(0, "once", station, change(Change.Kind.PENDING, 0, 1.8, false), "pending"))
                .alertId();

        assertThatThrownBy(() ->
                        store.write(write(0, "once", station, change(Change.Kind.PENDING, 1, 1.9, false), "pending")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("alert_open_rule_station_key");
        assertThat(db.count("SELECT count(*) FROM alert WHERE rule_id = 'once'"))
                .isEqualTo(1);
        assertThat(events(first)).containsExactly("pending");

        store.write(write(first, "once", station, change(Change.Kind.RESOLVED, 2, 1.0, false), "resolved"));
        long second = store.write(write(0, "once", station, change(Change.Kind.PENDING, 3, 1.9, false), "pending"))
                .alertId();
        assertThat(second).isNotEqualTo(first);
        assertThat(db.texts("SELECT state FROM alert WHERE rule_id = 'once' ORDER BY id"))
                .containsExactly("resolved", "pending");
    }

    @Test
    void write_notificationRowCannotBeStored_wholeChangeRolledBack() throws Exception {
        int station = db.station("AS4");
        long id = store.write(write(0, "atomic", station, change(Change.Kind.PENDING, 0, 1.8, false), "pending"))
                .alertId();

        // The same notifier twice breaks the outbox's (event, notifier) key after the alert and event rows.
        assertThatThrownBy(() -> store.write(write(
                        id,
                        "atomic",
                        station,
                        change(Change.Kind.FIRING, 1, 2.2, true),
                        "firing",
                        1,
                        false,
                        List.of("ops", "ops"))))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("notification_event_notifier_key");

        assertThat(alertText("state", id)).isEqualTo("pending");
        assertThat(db.count("SELECT count(*) FROM alert WHERE id = ? AND fired_at IS NULL", id))
                .isEqualTo(1);
        assertThat(events(id)).containsExactly("pending");
        assertThat(db.count("SELECT count(*) FROM notification WHERE alert_id = ?", id))
                .isZero();
    }

    @Test
    void write_changeOfAnAlertNotInTheTable_refusedWithoutAnEvent() throws Exception {
        int station = db.station("AS5");
        long before = db.count("SELECT count(*) FROM alert_event");

        assertThatThrownBy(() -> store.write(
                        write(987_654_321L, "ghost", station, change(Change.Kind.FIRING, 0, 2.2, true), "firing")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("987654321", "not in the table");
        assertThat(db.count("SELECT count(*) FROM alert_event")).isEqualTo(before);
    }

    @Test
    void write_flappingEvents_flagOnTheLatestAlertAndCarriedByAnAlertOpenedWhileFlapping() throws Exception {
        int station = db.station("AS6");
        long first = store.write(write(0, "flap", station, change(Change.Kind.PENDING, 0, 1.8, false), "pending"))
                .alertId();
        store.write(write(first, "flap", station, change(Change.Kind.FIRING, 0, 1.8, true), "firing"));
        AlertStore.Written flapping =
                store.write(write(first, "flap", station, change(Change.Kind.FLAPPING, 0, 1.8, true), "firing"));
        assertThat(flapping.deliveries()).singleElement().satisfies(d -> assertOutboxRow(d, "flapping"));
        assertThat(alertText("flapping", first)).isEqualTo("true");
        store.write(write(first, "flap", station, change(Change.Kind.RESOLVED, 1, 1.0, false), "resolved"));

        long second = store.write(write(
                        0, "flap", station, change(Change.Kind.PENDING, 2, 1.8, false), "pending", 0, true, List.of()))
                .alertId();
        assertThat(alertText("flapping", second)).isEqualTo("true");
        assertThat(store.latestPerSeries())
                .filteredOn(r -> r.ruleId().equals("flap"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(second);
                    assertThat(r.flapping()).isTrue();
                });

        store.write(
                write(second, "flap", station, change(Change.Kind.FLAPPING_ENDED, 70, Double.NaN, true), "pending"));
        assertThat(alertText("flapping", second)).isEqualTo("false");
        assertThat(alertText("state", second))
                .as("flapping events leave the state")
                .isEqualTo("pending");
        assertThat(events(second)).containsExactly("pending", "flapping_ended");
    }

    @Test
    void exceedancesSince_onlyAlertsThatCountedAndStartedSince() throws Exception {
        int station = db.station("AS7");
        long old = store.write(write(0, "exc", station, change(Change.Kind.PENDING, -120, 1.8, false), "pending"))
                .alertId();
        store.write(write(
                old, "exc", station, change(Change.Kind.ALLOWED, -120, 1.8, false), "pending", 1, false, List.of()));
        store.write(write(old, "exc", station, change(Change.Kind.RESOLVED, -119, 1.0, false), "resolved"));
        long uncounted = store.write(write(0, "exc", station, change(Change.Kind.PENDING, 0, 1.8, false), "pending"))
                .alertId();
        store.write(write(uncounted, "exc", station, change(Change.Kind.RESOLVED, 1, 1.0, false), "resolved"));
        long counted = store.write(write(0, "exc", station, change(Change.Kind.PENDING, 2, 1.8, false), "pending"))
                .alertId();
        store.write(write(
                counted, "exc", station, change(Change.Kind.FIRING, 3, 2.0, true), "firing", 2, false, List.of()));

        assertThat(store.exceedancesSince(T0.minusSeconds(60)))
                .filteredOn(r -> r.ruleId().equals("exc"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(counted);
                    assertThat(r.exceedanceNo()).isEqualTo(2);
                    assertThat(r.stationId()).isEqualTo(station);
                });
        assertThat(store.exceedancesSince(T0.minusSeconds(3 * 3600)))
                .filteredOn(r -> r.ruleId().equals("exc"))
                .extracting(AlertStore.SeriesRow::id)
                .containsExactlyInAnyOrder(old, counted);
    }

    @Test
    void flipsSince_firingsAndResolutionsAfterFiringInTimeOrder() throws Exception {
        int station = db.station("AS8");
        long fired = store.write(write(0, "flips", station, change(Change.Kind.PENDING, -90, 1.8, false), "pending"))
                .alertId();
        store.write(write(fired, "flips", station, change(Change.Kind.FIRING, -90, 1.8, true), "firing"));
        store.write(write(fired, "flips", station, change(Change.Kind.RESOLVED, 10, 1.0, true), "resolved"));
        long onlyPending = store.write(
                        write(0, "flips", station, change(Change.Kind.PENDING, 20, 1.8, false), "pending"))
                .alertId();
        store.write(write(onlyPending, "flips", station, change(Change.Kind.RESOLVED, 21, 1.0, false), "resolved"));
        long again = store.write(write(0, "flips", station, change(Change.Kind.PENDING, 30, 1.8, false), "pending"))
                .alertId();
        store.write(write(again, "flips", station, change(Change.Kind.FIRING, 31, 1.9, true), "firing"));

        assertThat(store.flipsSince(T0))
                .filteredOn(f -> f.ruleId().equals("flips"))
                .containsExactly(
                        new AlertStore.Flip("flips", station, T0.plusSeconds(600)),
                        new AlertStore.Flip("flips", station, T0.plusSeconds(31 * 60)));
    }
}
