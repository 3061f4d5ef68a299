package org.envmon.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.envmon.alerting.input.ReadingEvent;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.rule.Scope;
import org.envmon.alerting.rule.Severity;
import org.envmon.alerting.standard.Gb3838;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final StationInfo STATION = new StationInfo(
            1,
            "S1",
            "Station 1",
            "river_section",
            Optional.of("Fu River"),
            Optional.of("Town"),
            Optional.of(3),
            ZoneId.of("Asia/Shanghai"));
    private static final Instant T0 = Instant.parse("2024-06-01T02:00:00Z");

    private final Evaluator evaluator = new Evaluator(3, Duration.ofHours(1));
    private final Series series = new Series("r", 1);
    private final List<Change> changes = new ArrayList<>();

    private static Rule rule(Condition condition, Duration holdFor, Optional<Duration> window, int allowed) {
        return new Rule(
                "r",
                "r",
                Scope.ALL,
                Optional.of("w21003"),
                condition,
                holdFor,
                window,
                allowed,
                Severity.WARNING,
                List.of());
    }

    private void feed(Rule rule, int minute, double value, char flag) {
        feed(rule, minute, value, flag, false);
    }

    private void feed(Rule rule, int minute, double value, char flag, boolean silent) {
        ReadingEvent r = new ReadingEvent(1, (short) 1, T0.plusSeconds(60L * minute), value, flag);
        changes.addAll(evaluator.onReading(rule, STATION, series, r, r.time(), silent));
    }

    private void feed(Rule rule, int minute, double value) {
        feed(rule, minute, value, 'N');
    }

    private List<Change.Kind> kinds() {
        return changes.stream().map(Change::kind).toList();
    }

    @Test
    void onReading_conditionShorterThanHoldTime_staysPendingAndResolvesSilently() {
        Rule rule = rule(new Condition.Above(1.5, 1.5), Duration.ofMinutes(10), Optional.empty(), 0);
        feed(rule, 0, 2.0);
        feed(rule, 5, 2.0);
        feed(rule, 6, 1.0);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.RESOLVED);
        assertThat(changes).noneMatch(Change::announce);
    }

    @Test
    void onReading_conditionHeldForHoldTime_firesOnceAndResolvesOnce() {
        Rule rule = rule(new Condition.Above(1.5, 1.5), Duration.ofMinutes(10), Optional.empty(), 0);
        for (int m = 0; m <= 20; m++) {
            feed(rule, m, 2.0);
        }
        feed(rule, 21, 1.0);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING, Change.Kind.RESOLVED);
        assertThat(changes.get(1).at()).isEqualTo(T0.plusSeconds(600));
        assertThat(changes.stream().filter(Change::announce).map(Change::kind))
                .containsExactly(Change.Kind.FIRING, Change.Kind.RESOLVED);
    }

    @Test
    void onReading_valueInsideHysteresisBand_keepsFiringUntilBelowClear() {
        Rule rule = rule(new Condition.Above(1.5, 1.3), Duration.ZERO, Optional.empty(), 0);
        feed(rule, 0, 1.6);
        feed(rule, 1, 1.4);
        feed(rule, 2, 1.55);
        feed(rule, 3, 1.35);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
        feed(rule, 4, 1.3);
        assertThat(kinds()).endsWith(Change.Kind.RESOLVED);
        assertThat(series.phase()).isEqualTo(Phase.NORMAL);
    }

    @Test
    void onReading_nonNormalFlags_ignoredByValueConditions() {
        Rule rule = rule(new Condition.Above(1.5, 1.5), Duration.ZERO, Optional.empty(), 0);
        feed(rule, 0, 9.0, 'C');
        feed(rule, 1, 9.0, 'D');
        feed(rule, 2, 9.0, 'M');
        assertThat(changes).isEmpty();
        feed(rule, 3, 9.0, 'N');
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
    }

    @Test
    void onReading_flagCondition_firesOnFaultFlagAndClearsOnNormal() {
        Rule rule = rule(new Condition.FlagIn(Set.of('D', 'B', 'T')), Duration.ZERO, Optional.empty(), 0);
        feed(rule, 0, 1.0, 'N');
        feed(rule, 1, 1.0, 'D');
        feed(rule, 2, 1.0, 'B');
        feed(rule, 3, 1.0, 'N');
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING, Change.Kind.RESOLVED);
    }

    @Test
    void onReading_windowMean_firesOnlyWhenMeanExceedsLimit() {
        Rule rule = rule(new Condition.Above(80, 72), Duration.ZERO, Optional.of(Duration.ofMinutes(15)), 0);
        feed(rule, 0, 60);
        feed(rule, 5, 60);
        feed(rule, 10, 110);
        assertThat(changes).isEmpty();
        feed(rule, 14, 100);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
        assertThat(changes.get(0).value()).isEqualTo((60 + 60 + 110 + 100) / 4.0);
        feed(rule, 30, 50);
        assertThat(kinds()).endsWith(Change.Kind.RESOLVED);
        assertThat(changes.get(2).value()).isEqualTo(50);
    }

    @Test
    void onReading_perDayAllowance_firesOnlyAfterAllowedExceedancesAndResetsNextDay() {
        Rule rule = rule(new Condition.Above(80, 80), Duration.ZERO, Optional.empty(), 2);
        for (int episode = 0; episode < 3; episode++) {
            feed(rule, episode * 10, 100);
            feed(rule, episode * 10 + 1, 50);
        }
        assertThat(kinds())
                .containsExactly(
                        Change.Kind.PENDING,
                        Change.Kind.ALLOWED,
                        Change.Kind.RESOLVED,
                        Change.Kind.PENDING,
                        Change.Kind.ALLOWED,
                        Change.Kind.RESOLVED,
                        Change.Kind.PENDING,
                        Change.Kind.FIRING,
                        Change.Kind.RESOLVED);
        changes.clear();
        feed(rule, 24 * 60, 100);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.ALLOWED);
    }

    @Test
    void onReading_moreStateChangesThanAllowed_notifiesFlappingOnceThenQuiet() {
        Rule rule = rule(new Condition.Above(1.5, 1.5), Duration.ZERO, Optional.empty(), 0);
        for (int m = 0; m < 10; m++) {
            feed(rule, m, m % 2 == 0 ? 2.0 : 1.0);
        }
        assertThat(changes.stream().filter(c -> c.kind() == Change.Kind.FLAPPING))
                .hasSize(1);
        int flappingAt = kinds().indexOf(Change.Kind.FLAPPING);
        assertThat(changes.subList(flappingAt + 1, changes.size())).noneMatch(Change::announce);
        assertThat(series.flapping()).isTrue();
        List<Change> ended = evaluator.onTick(rule, series, T0.plus(Duration.ofHours(2)));
        assertThat(ended).extracting(Change::kind).containsExactly(Change.Kind.FLAPPING_ENDED);
        assertThat(ended.get(0).announce()).isTrue();
    }

    @Test
    void onReading_replayedOrOlderReading_ignored() {
        Rule rule = rule(new Condition.Above(1.5, 1.5), Duration.ZERO, Optional.empty(), 0);
        feed(rule, 5, 1.0);
        feed(rule, 5, 2.0);
        feed(rule, 4, 2.0);
        assertThat(changes).isEmpty();
    }

    @Test
    void onReading_silentReplay_rebuildsWindowWithoutChanges() {
        Rule rule = rule(new Condition.Above(80, 80), Duration.ZERO, Optional.of(Duration.ofMinutes(15)), 0);
        feed(rule, 0, 200, 'N', true);
        feed(rule, 10, 200, 'N', true);
        assertThat(changes).isEmpty();
        feed(rule, 11, 10);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
        assertThat(changes.get(0).value()).isEqualTo((200 + 200 + 10) / 3.0);
    }

    @Test
    void onReading_rateCondition_firesOnFastChange() {
        Rule rule = rule(new Condition.Rate(1.0, Duration.ofHours(1), 0.5), Duration.ZERO, Optional.empty(), 0);
        feed(rule, 0, 1.0);
        feed(rule, 60, 1.5);
        assertThat(changes).isEmpty();
        feed(rule, 90, 3.0);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
        assertThat(changes.get(0).value()).isEqualTo(3.0);
        feed(rule, 150, 3.2);
        assertThat(kinds()).endsWith(Change.Kind.RESOLVED);
    }

    @Test
    void onReading_waterClassWorseThanTarget_firesAndClearsWithMargin() {
        Rule rule = rule(
                new Condition.WaterClass(Gb3838.Factor.NH3N, Gb3838.WaterBody.RIVER, 0.05),
                Duration.ZERO,
                Optional.empty(),
                0);
        feed(rule, 0, 1.0);
        assertThat(changes).isEmpty();
        feed(rule, 1, 1.95);
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
        feed(rule, 2, 0.98);
        assertThat(kinds()).hasSize(2);
        feed(rule, 3, 0.9);
        assertThat(kinds()).endsWith(Change.Kind.RESOLVED);
    }

    @Test
    void onTick_noDataLongerThanSilence_firesOnceAndDataResolves() {
        Rule rule = new Rule(
                "offline",
                "offline",
                Scope.ALL,
                Optional.empty(),
                new Condition.NoData(Duration.ofHours(3)),
                Duration.ZERO,
                Optional.empty(),
                0,
                Severity.CRITICAL,
                List.of());
        series.arrival(T0);
        assertThat(evaluator.onTick(rule, series, T0.plus(Duration.ofMinutes(179))))
                .isEmpty();
        changes.addAll(evaluator.onTick(rule, series, T0.plus(Duration.ofHours(3))));
        changes.addAll(evaluator.onTick(rule, series, T0.plus(Duration.ofHours(4))));
        assertThat(kinds()).containsExactly(Change.Kind.PENDING, Change.Kind.FIRING);
        feed(rule, 300, 7.0);
        assertThat(kinds()).endsWith(Change.Kind.RESOLVED);
        assertThat(changes.get(2).announce()).isTrue();
    }
}
