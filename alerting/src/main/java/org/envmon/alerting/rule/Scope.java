package org.envmon.alerting.rule;

import java.util.Set;
import org.envmon.alerting.input.StationInfo;

/**
 * Which stations a rule watches. Each non-empty set narrows the scope; empty sets mean "any".
 * A station matches when it passes every non-empty set.
 */
public record Scope(Set<String> stations, Set<String> kinds, Set<String> rivers, Set<String> townships) {
    public static final Scope ALL = new Scope(Set.of(), Set.of(), Set.of(), Set.of());

    public boolean includes(StationInfo station) {
        return (stations.isEmpty() || stations.contains(station.code()))
                && (kinds.isEmpty() || kinds.contains(station.kind()))
                && (rivers.isEmpty() || station.river().filter(rivers::contains).isPresent())
                && (townships.isEmpty()
                        || station.township().filter(townships::contains).isPresent());
    }
}
