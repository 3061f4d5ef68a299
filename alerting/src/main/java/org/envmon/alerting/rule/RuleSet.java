package org.envmon.alerting.rule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything one rules file defines: rules (presets expanded), notifiers and routes. */
public record RuleSet(List<Rule> rules, Map<String, NotifierSpec> notifiers, List<Route> routes) {
    public static final RuleSet EMPTY = new RuleSet(List.of(), Map.of(), List.of());

    /** The rule's own routes, then every route matching the alert's severity and station kind. */
    public List<String> notifiersFor(Rule rule, String stationKind) {
        Set<String> ids = new LinkedHashSet<>(rule.routes());
        for (Route route : routes) {
            if (route.matches(rule.severity(), stationKind)) {
                ids.addAll(route.notifiers());
            }
        }
        return new ArrayList<>(ids);
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
