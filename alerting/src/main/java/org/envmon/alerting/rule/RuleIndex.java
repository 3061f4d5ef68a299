package org.envmon.alerting.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A rule set indexed by metric code, so that each reading meets only the rules that can match it. */
public final class RuleIndex {
    public static final RuleIndex EMPTY = new RuleIndex(RuleSet.EMPTY);
    private static final String NO_METRIC = "";

    private final RuleSet rules;
    private final Map<String, List<Rule>> byMetric;
    private final List<Rule> noData;
    private final List<Rule> onAnyReading;

    public RuleIndex(RuleSet rules) {
        this.rules = rules;
        Map<String, List<Rule>> grouped = new HashMap<>();
        for (Rule rule : rules.rules()) {
            grouped.computeIfAbsent(rule.metric().orElse(NO_METRIC), k -> new ArrayList<>())
                    .add(rule);
        }
        Map<String, List<Rule>> frozen = new HashMap<>();
        grouped.forEach((code, list) -> frozen.put(code, List.copyOf(list)));
        this.byMetric = Map.copyOf(frozen);
        List<Rule> metricless = byMetric.getOrDefault(NO_METRIC, List.of());
        this.noData = metricless.stream()
                .filter(r -> r.condition() instanceof Condition.NoData)
                .toList();
        this.onAnyReading = metricless.stream()
                .filter(r -> !(r.condition() instanceof Condition.NoData))
                .toList();
    }

    public RuleSet ruleSet() {
        return rules;
    }

    /** The rules on this metric, in file order. */
    public List<Rule> onMetric(String code) {
        return byMetric.getOrDefault(code, List.of());
    }

    /** The rules on no particular metric that look at each reading (e.g. a data flag on any factor). */
    public List<Rule> onAnyReading() {
        return onAnyReading;
    }

    /** The no-data rules: for them a reading only says that its station was heard from. */
    public List<Rule> noData() {
        return noData;
    }

    public static Set<String> metricCodes(List<Rule> ofRules) {
        Set<String> codes = new HashSet<>();
        ofRules.forEach(r -> r.metric().ifPresent(codes::add));
        return codes;
    }
}
