package org.envmon.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.rule.Scope;
import org.envmon.alerting.rule.Severity;
import org.junit.jupiter.api.Test;

/** A series given its flips and flapping state back after a restart flaps on as if nothing had stopped. */
class FlapRestoreTest {
    private static final StationInfo STATION = new StationInfo(
            1,
            "S1",
            "Station 1",
            "river_section",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ZoneId.of("Asia/Shanghai"));
    private static final Instant T0 = Instant.parse("2024-06-01T02:00:00Z");
    private static final Rule RULE = new Rule(
            "r",
            "r",
            Scope.ALL,
            Optional.of("w21003"),
            new Condition.Above(1.5, 1.5),
            Duration.ZERO,
            Optional.empty(),
            0,
            Severity.WARNING,
            List.of());

    private final Evaluator evaluator = new Evaluator(2, Duration.ofMinutes(30));
    private final Series series = new Series("r", 1);
    private final List<Change> changes = new ArrayList<>();

    private static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    private void feed(int m, double value) {
        ReadingEvent r = new ReadingEvent(1, (short) 9, minute(m), value, 'N');
        changes.addAll(evaluator.onReading(RULE, STATION, series, r, r.time(), false));
    }

    @Test
    void restoreFlips_atTheThreshold_nextFlipStartsFlapping() {
        series.restoreResolved(7, false);
        series.restoreFlips(List.of(minute(-2), minute(-1)));

        feed(0, 2.0);

        assertThat(changes)
                .extracting(Change::kind)
                .containsExactly(Change.Kind.PENDING, Change.Kind.FIRING, Change.Kind.FLAPPING);
        assertThat(series.flapping()).isTrue();
    }

    @Test
    void restoreResolved_flapping_nextFiringRecordedButNotAnnounced() {
        series.restoreResolved(7, true);
        series.restoreFlips(List.of(minute(-3), minute(-2), minute(-1)));

        feed(0, 2.0);

        assertThat(changes).extracting(Change::kind).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
        assertThat(changes).noneMatch(Change::announce);
    }

    @Test
    void restoreFlips_flapping_endsOnlyAQuietWindowAfterTheLastRestoredFlip() {
        series.restore(Phase.FIRING, 7, minute(-1), false, true);
        series.restoreFlips(List.of(minute(-3), minute(-2), minute(-1)));

        assertThat(evaluator.onTick(RULE, series, minute(28))).isEmpty();
        assertThat(evaluator.onTick(RULE, series, minute(29)))
                .extracting(Change::kind)
                .containsExactly(Change.Kind.FLAPPING_ENDED);
    }

    @Test
    void detach_afterTheEpisodeWasStoredLate_seriesNoLongerOnThatAlert() {
        series.attach(7);
        series.detach(8);
        assertThat(series.alertId()).isEqualTo(7);

        series.detach(7);

        assertThat(series.alertId()).isZero();
        assertThat(series.currentAlertId()).isEqualTo(7);
    }
}
