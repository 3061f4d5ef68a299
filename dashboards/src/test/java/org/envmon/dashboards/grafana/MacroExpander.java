package org.envmon.dashboards.grafana;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands the Grafana SQL macros and template variables the envmon panels use, the way Grafana's
 * PostgreSQL datasource does with TimescaleDB support off, so a panel's query can run on a plain
 * database:
 * <ul>
 *   <li>{@code $__timeFilter(expr)} → {@code expr BETWEEN '<from>' AND '<to>'} (UTC, RFC 3339)</li>
 *   <li>{@code $__timeFrom()}, {@code $__timeTo()} → {@code '<from>'}, {@code '<to>'}</li>
 *   <li>{@code $__timeGroup(expr, interval)} → {@code floor(extract(epoch from expr)/s)*s};
 *       {@code $__timeGroupAlias} adds {@code AS "time"}; the interval is {@code $__interval} or a
 *       literal such as {@code '5m'}; a fill argument is accepted and ignored (Grafana fills later)</li>
 *   <li>{@code $__interval} → the interval as Grafana prints it ({@code 5m}), {@code $__interval_ms} → milliseconds</li>
 *   <li>{@code $name} / {@code ${name}} → a variable's values: a multi-value or "All" variable as a
 *       list of single-quoted literals ({@code 'a','b'}), a single-value variable as its raw text</li>
 * </ul>
 * Anything else that starts with {@code $__} is an error, so a panel cannot use a macro this
 * expander (and therefore the tests) do not understand.
 */
public final class MacroExpander {
    private static final Pattern TIME_GROUP =
            Pattern.compile("\\$__timeGroup(Alias)?\\(([^,()]+(?:\\([^()]*\\))?),\\s*([^,()]+)(?:,[^()]*)?\\)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^()]+)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    /** A template variable's current values; {@code multi} is true for multi-value or "All" selections. */
    public record Variable(List<String> values, boolean multi) {}

    private final Instant from;
    private final Instant to;
    private final Duration interval;
    private final Map<String, Variable> variables;

    public MacroExpander(Instant from, Instant to, Duration interval, Map<String, Variable> variables) {
        this.from = from;
        this.to = to;
        this.interval = interval;
        this.variables = Map.copyOf(variables);
    }

    public String expand(String sql) {
        String out = replace(TIME_GROUP, sql, m -> {
            long seconds = parseInterval(m.group(3).trim()).toSeconds();
            String group = "floor(extract(epoch from " + m.group(2).trim() + ")/" + seconds + ")*" + seconds;
            return m.group(1) != null ? group + " AS \"time\"" : group;
        });
        out = replace(
                TIME_FILTER,
                out,
                m -> m.group(1).trim() + " BETWEEN " + quote(from.toString()) + " AND " + quote(to.toString()));
        out = out.replace("$__timeFrom()", quote(from.toString()))
                .replace("$__timeTo()", quote(to.toString()))
                .replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", formatInterval(interval));
        int unknown = out.indexOf("$__");
        if (unknown >= 0) {
            throw new IllegalArgumentException("Unsupported Grafana macro at: " + out.substring(unknown));
        }
        return replace(VARIABLE, out, m -> {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            Variable variable = variables.get(name);
            if (variable == null) {
                throw new IllegalArgumentException("Unknown template variable $" + name);
            }
            return variable.multi()
                    ? variable.values().stream().map(MacroExpander::quote).collect(Collectors.joining(","))
                    : variable.values().get(0);
        });
    }

    private Duration parseInterval(String text) {
        String t = text.replace("'", "");
        if (t.equals("$__interval")) {
            return interval;
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("Unsupported interval in $__timeGroup: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Grafana's short form: the largest whole unit (1d, 2h, 5m, 30s, 100ms). */
    static String formatInterval(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> by) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(by.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
