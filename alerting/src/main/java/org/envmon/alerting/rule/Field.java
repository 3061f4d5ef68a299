package org.envmon.alerting.rule;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node of the rules file with the place it came from ("rule 'x'", "notifier 'y'"), so that every
 * error names the rule and field. Strings may reference environment variables as ${NAME}.
 */
public final class Field {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final JsonNode node;
    private final String owner;
    private final String path;
    private final UnaryOperator<String> env;

    public Field(JsonNode node, String owner, String path, UnaryOperator<String> env) {
        this.node = node;
        this.owner = owner;
        this.path = path;
        this.env = env;
    }

    public Field child(String name) {
        return new Field(node == null ? null : node.get(name), owner, path.isEmpty() ? name : path + "." + name, env);
    }

    public Field as(String newOwner) {
        return new Field(node, newOwner, "", env);
    }

    public boolean present() {
        return node != null && !node.isNull();
    }

    public RuleException error(String problem) {
        return new RuleException(owner + ": field '" + path + "' " + problem);
    }

    public void allowOnly(Set<String> names) {
        if (!present()) {
            return;
        }
        if (!node.isObject()) {
            throw error("must be a mapping");
        }
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new RuleException(owner + ": unknown field '" + (path.isEmpty() ? name : path + "." + name)
                        + "'; allowed: " + String.join(", ", names));
            }
        }
    }

    public String text() {
        if (!present()) {
            throw error("is required");
        }
        if (!node.isValueNode()) {
            throw error("must be a single value");
        }
        return expand(node.asText().trim());
    }

    public Optional<String> optionalText() {
        return present() ? Optional.of(text()).filter(s -> !s.isEmpty()) : Optional.empty();
    }

    public double number() {
        if (!present()) {
            throw error("is required");
        }
        if (!node.isNumber()) {
            throw error("must be a number, got '" + node.asText() + "'");
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            throw error("must be a finite number");
        }
        return value;
    }

    public double number(double fallback) {
        return present() ? number() : fallback;
    }

    public int integer(int fallback, int min, int max) {
        if (!present()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error("must be a whole number, got '" + node.asText() + "'");
        }
        int value = node.asInt();
        if (value < min || value > max) {
            throw error("must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public Duration duration() {
        String raw = text();
        Matcher m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw error("must be a duration such as 30s, 15m, 2h or 1d, got '" + raw + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public Duration duration(Duration fallback) {
        return present() ? duration() : fallback;
    }

    public Optional<Duration> optionalDuration() {
        return present() ? Optional.of(duration()) : Optional.empty();
    }

    public List<Field> elements() {
        if (!present()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("must be a list");
        }
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new Field(node.get(i), owner, path + "[" + i + "]", env));
        }
        return out;
    }

    public List<String> texts() {
        return elements().stream().map(Field::text).toList();
    }

    public Set<String> textSet() {
        return new LinkedHashSet<>(texts());
    }

    public boolean isList() {
        return present() && node.isArray();
    }

    public boolean isMapping() {
        return present() && node.isObject();
    }

    private String expand(String raw) {
        Matcher m = ENV_REF.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw error("refers to environment variable " + m.group(1) + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
