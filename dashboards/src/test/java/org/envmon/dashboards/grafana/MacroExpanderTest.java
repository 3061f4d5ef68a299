package org.envmon.dashboards.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.envmon.dashboards.grafana.MacroExpander.Variable;
import org.junit.jupiter.api.Test;

class MacroExpanderTest {
    private final MacroExpander expander = new MacroExpander(
            Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-08T00:00:00Z"),
            Duration.ofMinutes(5),
            Map.of(
                    "river",
                    new Variable(List.of("Fu River", "O'Hare"), true),
                    "station",
                    new Variable(List.of("7"), false)));

    @Test
    void expand_timeFilterAndRange_quotedUtcLiterals() {
        assertThat(expander.expand(
                        "WHERE $__timeFilter(r.time) AND x > $__timeFrom()::timestamptz AND y < $__timeTo()"))
                .isEqualTo("WHERE r.time BETWEEN '2026-11-01T00:00:00Z' AND '2026-11-08T00:00:00Z'"
                        + " AND x > '2026-11-01T00:00:00Z'::timestamptz AND y < '2026-11-08T00:00:00Z'");
    }

    @Test
    void expand_timeGroupAliasWithInterval_epochBucketsAsTime() {
        assertThat(expander.expand("SELECT $__timeGroupAlias(r.time, $__interval), $__timeGroup(a.at, '1h', 0)"))
                .isEqualTo("SELECT floor(extract(epoch from r.time)/300)*300 AS \"time\","
                        + " floor(extract(epoch from a.at)/3600)*3600");
    }

    @Test
    void expand_intervals_grafanaShortFormAndMilliseconds() {
        assertThat(expander.expand("'$__interval' $__interval_ms")).isEqualTo("'5m' 300000");
    }

    @Test
    void expand_variables_multiQuotedAndEscapedSingleRaw() {
        assertThat(expander.expand("river IN ($river) AND id = $station AND id = ${station}"))
                .isEqualTo("river IN ('Fu River','O''Hare') AND id = 7 AND id = 7");
    }

    @Test
    void expand_unknownMacro_fails() {
        assertThatThrownBy(() -> expander.expand("SELECT $__unixEpochFilter(t)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$__unixEpochFilter");
    }

    @Test
    void expand_unknownVariable_fails() {
        assertThatThrownBy(() -> expander.expand("WHERE township IN ($township)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$township");
    }
}
