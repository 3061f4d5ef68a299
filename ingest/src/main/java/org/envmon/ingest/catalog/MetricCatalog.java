package org.envmon.ingest.catalog;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the keys stations use for a factor — the HJ 212-2017 code, the 2005 code or an alias,
 * case-insensitively — to the catalogue's metric. Immutable; safe to share across event loops.
 */
public final class MetricCatalog {
    private final Map<String, Metric> byKey;
    private final List<Metric> metrics;

    public MetricCatalog(Collection<Metric> metrics) {
        this.metrics = List.copyOf(metrics);
        Map<String, Metric> keys = new HashMap<>();
        for (Metric metric : metrics) {
            register(keys, metric.code(), metric);
            if (metric.code2005() != null) {
                register(keys, metric.code2005(), metric);
            }
            for (String alias : metric.aliases()) {
                register(keys, alias, metric);
            }
        }
        this.byKey = Map.copyOf(keys);
    }

    private static void register(Map<String, Metric> keys, String key, Metric metric) {
        Metric previous = keys.putIfAbsent(normalise(key), metric);
        if (previous != null && previous.id() != metric.id()) {
            throw new IllegalStateException("Metric key '" + key + "' names both " + previous.code() + " and "
                    + metric.code() + "; fix the metric table so that codes and aliases are unique");
        }
    }

    private static String normalise(String key) {
        return key.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<Metric> resolve(String key) {
        return Optional.ofNullable(byKey.get(normalise(key)));
    }

    public List<Metric> all() {
        return metrics;
    }
}
