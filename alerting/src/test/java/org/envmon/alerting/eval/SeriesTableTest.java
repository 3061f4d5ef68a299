package org.envmon.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;
import org.envmon.alerting.rule.Scope;
import org.envmon.alerting.rule.Severity;
import org.junit.jupiter.api.Test;

class SeriesTableTest {
    private static final Instant NOW = Instant.parse("2024-06-01T02:00:00Z");
    private static final StationInfo RIVER = station(1, "S1", "river_section");
    private static final StationInfo DUST = station(2, "S2", "dust_site");

    private final SeriesTable table = new SeriesTable();

    private static StationInfo station(int id, String code, String kind) {
        return new StationInfo(
                id, code, code, kind, Optional.empty(), Optional.empty(), Optional.empty(), ZoneId.of("Asia/Shanghai"));
    }

    private static Rule rule(String id, Scope scope, Optional<String> metric, Condition condition) {
        return new Rule(
                id, id, scope, metric, condition, Duration.ZERO, Optional.empty(), 0, Severity.WARNING, List.of());
    }

    @Test
    void armNoData_noDataRule_createsSeriesForInScopeStationsSilentSinceLastArrivalOrNow() {
        Scope rivers = new Scope(Set.of(), Set.of("river_section"), Set.of(), Set.of());
        Rule silent = rule("silent", rivers, Optional.empty(), new Condition.NoData(Duration.ofMinutes(30)));
        Rule high = rule("high", Scope.ALL, Optional.of("w21003"), new Condition.Above(1.5, 1.5));
        StationInfo otherRiver = station(3, "S3", "river_section");
        Instant lastSeen = NOW.minusSeconds(600);

        table.armNoData(List.of(silent, high), List.of(RIVER, DUST, otherRiver), Map.of(1, lastSeen), NOW);

        assertThat(table.all()).extracting(Series::ruleId).containsOnly("silent");
        assertThat(table.all()).extracting(Series::stationId).containsExactlyInAnyOrder(1, 3);
        assertThat(table.get("silent", 1).lastArrival()).isEqualTo(lastSeen);
        assertThat(table.get("silent", 3).lastArrival()).isEqualTo(NOW);
    }

    @Test
    void armNoData_existingSeries_keepsItsState() {
        Rule silent = rule("silent", Scope.ALL, Optional.empty(), new Condition.NoData(Duration.ofMinutes(30)));
        Series existing = table.get("silent", 1);
        existing.arrival(NOW.minusSeconds(60));

        table.armNoData(List.of(silent), List.of(RIVER), Map.of(1, NOW.minusSeconds(3600)), NOW);

        assertThat(table.get("silent", 1)).isSameAs(existing);
        assertThat(existing.lastArrival()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void remove_dropsOnlyThatSeries() {
        Series a = table.get("r", 1);
        table.get("r", 2);

        table.remove(a);

        assertThat(table.snapshot()).extracting(Series::stationId).containsExactly(2);
        assertThat(table.get("r", 1)).isNotSameAs(a);
    }
}
