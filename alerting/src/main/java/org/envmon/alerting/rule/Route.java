package org.envmon.alerting.rule;

import java.util.List;
import java.util.Set;

/** Sends alerts of the given severities and station kinds (empty = any) to the listed notifiers. */
public record Route(Set<Severity> severities, Set<String> kinds, List<String> notifiers) {

    public boolean matches(Severity severity, String stationKind) {
        return (severities.isEmpty() || severities.contains(severity))
                && (kinds.isEmpty() || kinds.contains(stationKind));
    }
}
