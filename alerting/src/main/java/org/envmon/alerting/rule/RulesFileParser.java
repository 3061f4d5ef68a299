package org.envmon.alerting.rule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.envmon.alerting.text.Numbers;

/** Reads and validates a rules file; the first problem found stops it with a message naming rule and field. */
public final class RulesFileParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> TOP = Set.of("rules", "presets", "notifiers", "routes");
    private static final Set<String> RULE_FIELDS = Set.of(
            "id",
            "name",
            "scope",
            "metric",
            "condition",
            "clear",
            "for",
            "window",
            "allowedPerDay",
            "severity",
            "routes");
    private static final Set<String> CONDITIONS = Set.of("above", "below", "outside", "rate", "noData", "flags");
    private static final Set<Character> KNOWN_FLAGS = Set.of('N', 'F', 'M', 'S', 'D', 'C', 'T', 'B', 'P');

    private final UnaryOperator<String> env;

    public RulesFileParser(UnaryOperator<String> env) {
        this.env = env;
    }

    public RuleSet parse(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new RuleException("Cannot read rules file " + file + ": " + e.getMessage(), e);
        }
    }

    public RuleSet parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JacksonException e) {
            throw new RuleException("Rules file " + source + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        Field top = new Field(root, "rules file " + source, "", env);
        if (top.present()) {
            top.allowOnly(TOP);
        }
        Map<String, NotifierSpec> notifiers = new LinkedHashMap<>();
        for (Field n : top.child("notifiers").elements()) {
            NotifierSpec spec = Notifiers.parse(n);
            if (notifiers.put(spec.id(), spec) != null) {
                throw new RuleException("notifier '" + spec.id() + "': the id is used twice");
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Field r : top.child("rules").elements()) {
            rules.add(rule(r));
        }
        rules.addAll(new Presets(this::severity, this::scope).expand(top.child("presets")));
        List<Route> routes = new ArrayList<>();
        for (Field r : top.child("routes").elements()) {
            routes.add(route(r.as("route " + r.child("notifiers").texts())));
        }
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new RuleException("rule '" + rule.id() + "': the id is used twice");
            }
            checkRefs("rule '" + rule.id() + "'", rule.routes(), notifiers);
        }
        for (Route route : routes) {
            checkRefs("route " + route.notifiers(), route.notifiers(), notifiers);
        }
        return new RuleSet(List.copyOf(rules), Map.copyOf(notifiers), List.copyOf(routes));
    }

    private static void checkRefs(String owner, List<String> refs, Map<String, NotifierSpec> notifiers) {
        for (String ref : refs) {
            if (!notifiers.containsKey(ref)) {
                throw new RuleException(owner + ": field 'routes' names notifier '" + ref
                        + "', which is not defined under 'notifiers'");
            }
        }
    }

    static String id(Field f) {
        String id = f.text();
        if (!ID.matcher(id).matches()) {
            throw f.error("must be 1–64 letters, digits, '_', '.' or '-', got '" + id + "'");
        }
        return id;
    }

    private Rule rule(Field raw) {
        String id = id(raw.as("a rule without a valid id").child("id"));
        Field r = raw.as("rule '" + id + "'");
        r.allowOnly(RULE_FIELDS);
        Field cond = r.child("condition");
        if (!cond.isMapping()) {
            throw cond.error("is required: one of " + String.join(", ", CONDITIONS));
        }
        cond.allowOnly(CONDITIONS);
        List<String> given =
                CONDITIONS.stream().filter(c -> cond.child(c).present()).toList();
        if (given.size() != 1) {
            throw cond.error("must hold exactly one of " + String.join(", ", CONDITIONS) + ", got " + given);
        }
        Condition condition = condition(given.get(0), cond.child(given.get(0)), r.child("clear"));
        Optional<String> metric = r.child("metric").optionalText();
        if (metric.isEmpty() && !(condition instanceof Condition.NoData)) {
            throw r.child("metric").error("is required (a metric code such as w21003)");
        }
        if (condition instanceof Condition.NoData && r.child("for").present()) {
            throw r.child("for").error("does not apply to noData: the silence itself is the duration");
        }
        Optional<Duration> window = r.child("window").optionalDuration();
        if (window.isPresent()
                && !(condition instanceof Condition.Above
                        || condition instanceof Condition.Below
                        || condition instanceof Condition.Outside)) {
            throw r.child("window").error("applies only to above, below and outside conditions");
        }
        if (window.isPresent() && window.get().isZero()) {
            throw r.child("window").error("must be longer than 0");
        }
        return new Rule(
                id,
                r.child("name").optionalText().orElse(id),
                scope(r.child("scope")),
                metric,
                condition,
                r.child("for").duration(Duration.ZERO),
                window,
                r.child("allowedPerDay").integer(0, 0, 1000),
                severity(r.child("severity")),
                r.child("routes").texts());
    }

    private static Condition condition(String type, Field value, Field clear) {
        switch (type) {
            case "above": {
                double limit = value.number();
                double c = clear.number(limit);
                if (c > limit) {
                    throw clear.error("must not be above the limit " + Numbers.plain(limit) + " of 'above'");
                }
                return new Condition.Above(limit, c);
            }
            case "below": {
                double limit = value.number();
                double c = clear.number(limit);
                if (c < limit) {
                    throw clear.error("must not be below the limit " + Numbers.plain(limit) + " of 'below'");
                }
                return new Condition.Below(limit, c);
            }
            case "outside": {
                double[] range = pair(value);
                double[] band = clear.present() ? pair(clear) : range;
                if (band[0] < range[0] || band[1] > range[1]) {
                    throw clear.error("must lie within the 'outside' range " + Numbers.plain(range[0]) + "–"
                            + Numbers.plain(range[1]));
                }
                return new Condition.Outside(range[0], range[1], band[0], band[1]);
            }
            case "rate": {
                value.allowOnly(Set.of("limit", "per"));
                double limit = value.child("limit").number();
                if (limit <= 0) {
                    throw value.child("limit").error("must be greater than 0");
                }
                Duration per = value.child("per").duration(Duration.ofHours(1));
                if (per.isZero()) {
                    throw value.child("per").error("must be longer than 0");
                }
                double c = clear.number(limit);
                if (c > limit || c < 0) {
                    throw clear.error("must be between 0 and the rate limit " + Numbers.plain(limit));
                }
                return new Condition.Rate(limit, per, c);
            }
            case "noData": {
                Duration silence = value.duration();
                if (silence.compareTo(Duration.ofSeconds(1)) < 0) {
                    throw value.error("must be at least 1s");
                }
                return new Condition.NoData(silence);
            }
            default: {
                Set<Character> flags = new HashSet<>();
                for (Field f : value.elements()) {
                    String flag = f.text().toUpperCase(Locale.ROOT);
                    if (flag.length() != 1 || !KNOWN_FLAGS.contains(flag.charAt(0))) {
                        throw f.error("must be an HJ 212 data flag (N F M S D C T B P), got '" + flag + "'");
                    }
                    flags.add(flag.charAt(0));
                }
                if (flags.isEmpty()) {
                    throw value.error("must list at least one flag, e.g. [D, B, T]");
                }
                return new Condition.FlagIn(Set.copyOf(flags));
            }
        }
    }

    private static double[] pair(Field f) {
        List<Field> items = f.elements();
        if (items.size() != 2) {
            throw f.error("must be a list of two numbers [low, high]");
        }
        double low = items.get(0).number();
        double high = items.get(1).number();
        if (low >= high) {
            throw f.error("must have low < high, got [" + Numbers.plain(low) + ", " + Numbers.plain(high) + "]");
        }
        return new double[] {low, high};
    }

    Scope scope(Field f) {
        if (!f.present()) {
            return Scope.ALL;
        }
        f.allowOnly(Set.of("stations", "kinds", "rivers", "townships"));
        return new Scope(
                Set.copyOf(f.child("stations").textSet()),
                Set.copyOf(f.child("kinds").textSet()),
                Set.copyOf(f.child("rivers").textSet()),
                Set.copyOf(f.child("townships").textSet()));
    }

    Severity severity(Field f) {
        if (!f.present()) {
            return Severity.WARNING;
        }
        String raw = f.text();
        try {
            return Severity.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error("must be one of info, warning, critical, got '" + raw + "'");
        }
    }

    private Route route(Field r) {
        r.allowOnly(Set.of("severities", "kinds", "notifiers"));
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (Field s : r.child("severities").elements()) {
            severities.add(severity(s));
        }
        List<String> notifiers = r.child("notifiers").texts();
        if (notifiers.isEmpty()) {
            throw r.child("notifiers").error("must name at least one notifier");
        }
        return new Route(Set.copyOf(severities), Set.copyOf(r.child("kinds").textSet()), notifiers);
    }
}
