package org.envmon.alerting.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.rule.Condition;
import org.envmon.alerting.rule.Rule;

/** The series of every (rule, station) pair the engine tracks. Confined to the evaluation thread. */
public final class SeriesTable {
    private record Key(String ruleId, int stationId) {}

    private final Map<Key, Series> series = new HashMap<>();

    /** The series of this rule at this station, created in the normal phase on first use. */
    public Series get(String ruleId, int stationId) {
        return series.computeIfAbsent(new Key(ruleId, stationId), k -> new Series(k.ruleId(), k.stationId()));
    }

    /** Every series; the table must not change while the caller iterates. */
    public Collection<Series> all() {
        return series.values();
    }

    /** A copy of every series, for callers that remove some as they go. */
    public List<Series> snapshot() {
        return new ArrayList<>(series.values());
    }

    public void remove(Series s) {
        series.remove(new Key(s.ruleId(), s.stationId()));
    }

    /**
     * Every in-scope station of a no-data rule gets a series, silent since its last arrival (or now):
     * a station that never sends must still raise the alert. Existing series are left as they are.
     */
    public void armNoData(
            List<Rule> candidates, Collection<StationInfo> stations, Map<Integer, Instant> arrivals, Instant now) {
        for (Rule rule : candidates) {
            if (!(rule.condition() instanceof Condition.NoData)) {
                continue;
            }
            for (StationInfo station : stations) {
                if (rule.scope().includes(station)) {
                    series.computeIfAbsent(new Key(rule.id(), station.id()), k -> {
                        Series s = new Series(k.ruleId(), k.stationId());
                        s.arrival(arrivals.getOrDefault(station.id(), now));
                        return s;
                    });
                }
            }
        }
    }
}
