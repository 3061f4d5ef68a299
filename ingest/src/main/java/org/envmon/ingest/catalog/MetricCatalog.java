package org.envmon.ingest.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the keys stations use for a factor — the HJ 212-2017 code, the 2005 code or an alias,
 * case-insensitively and in that order of precedence — to the catalogue's metric. Read by event loops
 * without locks: each state is an immutable snapshot, replaced whole when the writer registers a
 * factor seen for the first time (rare, and never on an event loop).
 */
public final class MetricCatalog {
    private volatile Snapshot snapshot;

    public MetricCatalog(Collection<Metric> metrics) {
        this.snapshot = new Snapshot(List.copyOf(metrics));
    }

    public Optional<Metric> resolve(String key) {
        return snapshot.resolve(key);
    }

    public List<Metric> all() {
        return snapshot.metrics;
    }

    /** Adds a metric just registered, so the edge resolves its code from now on. */
    public synchronized void add(Metric metric) {
        List<Metric> metrics = new ArrayList<>(snapshot.metrics);
        metrics.add(metric);
        snapshot = new Snapshot(List.copyOf(metrics));
    }

    /** Whether the catalogue holds the metric with this id. */
    public boolean contains(short id) {
        return snapshot.metrics.stream().anyMatch(metric -> metric.id() == id);
    }

    private static String normalise(String key) {
        return key.trim().toLowerCase(Locale.ROOT);
    }

    private static final class Snapshot {
        final List<Metric> metrics;
        final Map<String, Metric> byCode = new HashMap<>();
        final Map<String, Metric> byCode2005 = new HashMap<>();
        final Map<String, Metric> byAlias = new HashMap<>();

        Snapshot(List<Metric> metrics) {
            this.metrics = metrics;
            // The lowest id wins a key two metrics share: the catalogue's older row, not a later registration.
            for (Metric metric : metrics) {
                byCode.putIfAbsent(normalise(metric.code()), metric);
                if (metric.code2005() != null) {
                    byCode2005.putIfAbsent(normalise(metric.code2005()), metric);
                }
                for (String alias : metric.aliases()) {
                    byAlias.putIfAbsent(normalise(alias), metric);
                }
            }
        }

        Optional<Metric> resolve(String key) {
            String normalised = normalise(key);
            Metric metric = byCode.get(normalised);
            if (metric == null) {
                metric = byCode2005.get(normalised);
            }
            if (metric == null) {
                metric = byAlias.get(normalised);
            }
            return Optional.ofNullable(metric);
        }
    }
}
