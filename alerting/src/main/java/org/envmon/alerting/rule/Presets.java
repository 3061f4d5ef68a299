package org.envmon.alerting.rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.envmon.alerting.standard.Gb3838;

/**
 * Expands the {@code presets} section into ordinary rules: GB 3838 class exceedance per factor,
 * a dust window-mean limit, and station offline.
 */
public final class Presets {
    private final Function<Field, Severity> severity;
    private final Function<Field, Scope> scope;

    public Presets(Function<Field, Severity> severity, Function<Field, Scope> scope) {
        this.severity = severity;
        this.scope = scope;
    }

    public List<Rule> expand(Field presets) {
        List<Rule> rules = new ArrayList<>();
        if (!presets.present()) {
            return rules;
        }
        presets.allowOnly(Set.of("gb3838", "dust", "offline"));
        if (presets.child("gb3838").present()) {
            rules.addAll(gb3838(presets.child("gb3838").as("preset 'gb3838'")));
        }
        if (presets.child("dust").present()) {
            rules.add(dust(presets.child("dust").as("preset 'dust'")));
        }
        if (presets.child("offline").present()) {
            rules.add(offline(presets.child("offline").as("preset 'offline'")));
        }
        return rules;
    }

    private List<Rule> gb3838(Field p) {
        p.allowOnly(Set.of("waterBody", "factors", "clearMargin", "for", "severity", "routes", "scope"));
        Gb3838.WaterBody body;
        String rawBody = p.child("waterBody").optionalText().orElse("river");
        try {
            body = Gb3838.WaterBody.valueOf(rawBody.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw p.child("waterBody").error("must be river or lake, got '" + rawBody + "'");
        }
        double margin = p.child("clearMargin").number(0.05);
        if (margin < 0 || margin >= 1) {
            throw p.child("clearMargin").error("must be a fraction from 0 (no band) to below 1, got " + margin);
        }
        Set<Gb3838.Factor> factors = EnumSet.noneOf(Gb3838.Factor.class);
        for (Field f : p.child("factors").elements()) {
            factors.add(factor(f));
        }
        if (factors.isEmpty()) {
            for (Gb3838.Factor f : Gb3838.Factor.values()) {
                if (f.appliesTo(body)) {
                    factors.add(f);
                }
            }
        }
        Scope s = p.child("scope").present()
                ? scope.apply(p.child("scope"))
                : new Scope(Set.of(), Set.of("river_section"), Set.of(), Set.of());
        List<Rule> rules = new ArrayList<>();
        for (Gb3838.Factor f : factors) {
            if (!f.appliesTo(body)) {
                throw p.child("factors")
                        .error("lists " + f.label() + ", which GB 3838 does not evaluate for a "
                                + body.name().toLowerCase(Locale.ROOT));
            }
            String id = "gb3838." + f.name().toLowerCase(Locale.ROOT);
            rules.add(new Rule(
                    id,
                    "GB 3838 " + f.label(),
                    s,
                    Optional.of(f.code()),
                    new Condition.WaterClass(f, body, margin),
                    p.child("for").duration(Duration.ZERO),
                    Optional.empty(),
                    0,
                    severity.apply(p.child("severity")),
                    p.child("routes").texts()));
        }
        return rules;
    }

    private static Gb3838.Factor factor(Field f) {
        String raw = f.text();
        for (Gb3838.Factor factor : Gb3838.Factor.values()) {
            if (factor.label().equalsIgnoreCase(raw)
                    || factor.code().equalsIgnoreCase(raw)
                    || factor.name().equalsIgnoreCase(raw)) {
                return factor;
            }
        }
        throw f.error("must be a GB 3838 factor (pH, DO, CODMn, COD, BOD5, NH3-N, TP, TN), got '" + raw + "'");
    }

    private Rule dust(Field p) {
        p.allowOnly(
                Set.of("metric", "limit", "clear", "window", "allowedPerDay", "for", "severity", "routes", "scope"));
        double limit = p.child("limit").number();
        if (limit <= 0) {
            throw p.child("limit").error("must be greater than 0");
        }
        double clear = p.child("clear").number(limit * 0.9);
        if (clear > limit) {
            throw p.child("clear").error("must not be above the limit " + limit);
        }
        Duration window = p.child("window").duration(Duration.ofMinutes(15));
        if (window.isZero()) {
            throw p.child("window").error("must be longer than 0");
        }
        Scope s = p.child("scope").present()
                ? scope.apply(p.child("scope"))
                : new Scope(Set.of(), Set.of("dust_site"), Set.of(), Set.of());
        String metric = p.child("metric").optionalText().orElse("a34002");
        return new Rule(
                "dust",
                "Dust " + metric + " window mean",
                s,
                Optional.of(metric),
                new Condition.Above(limit, clear),
                p.child("for").duration(Duration.ZERO),
                Optional.of(window),
                p.child("allowedPerDay").integer(0, 0, 1000),
                severity.apply(p.child("severity")),
                p.child("routes").texts());
    }

    private Rule offline(Field p) {
        p.allowOnly(Set.of("interval", "missed", "severity", "routes", "scope"));
        Duration interval = p.child("interval").duration(Duration.ofHours(1));
        if (interval.isZero()) {
            throw p.child("interval").error("must be longer than 0");
        }
        int missed = p.child("missed").integer(3, 1, 1000);
        Scope s = p.child("scope").present() ? scope.apply(p.child("scope")) : Scope.ALL;
        return new Rule(
                "offline",
                "Station offline",
                s,
                Optional.empty(),
                new Condition.NoData(interval.multipliedBy(missed)),
                Duration.ZERO,
                Optional.empty(),
                0,
                severity.apply(p.child("severity")),
                p.child("routes").texts());
    }
}
