package org.envmon.alerting.store;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.envmon.alerting.input.MetricInfo;
import org.envmon.alerting.input.StationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stations and metrics as last read from the catalogue. Ingest registers stations and metrics
 * while alerting runs, so a reading of an unknown one is worth one reload; a failed reload is only
 * logged because the next reading of that station or metric tries again. Confined to the evaluation thread.
 */
public final class CatalogCache {
    private static final Logger log = LoggerFactory.getLogger(CatalogCache.class);

    private final Catalog catalog;
    private Map<Integer, StationInfo> stations = new HashMap<>();
    private Map<Short, MetricInfo> metrics = Map.of();

    public CatalogCache(Catalog catalog) {
        this.catalog = catalog;
    }

    public void load() throws SQLException {
        stations = catalog.stations();
        metrics = catalog.metrics();
    }

    /** The cached station, or null. */
    public StationInfo station(int id) {
        return stations.get(id);
    }

    public Collection<StationInfo> stations() {
        return stations.values();
    }

    /**
     * Looks up one station the cache does not know (registered while running) and caches it: one row,
     * so a province's stations registering on first data cost one query each, not a reload each.
     * Null when it is unknown or inactive, or the lookup failed.
     */
    public StationInfo reloadedStation(int id) {
        try {
            Optional<StationInfo> found = catalog.station(id);
            found.ifPresent(station -> stations.put(id, station));
            return found.orElse(null);
        } catch (SQLException e) {
            log.warn("Cannot look up station {}: {}", id, e.getMessage());
            return null;
        }
    }

    /** The cached metric, or null. */
    public MetricInfo metric(short id) {
        return metrics.get(id);
    }

    /** Reloads the metrics; the metric with this id, or null when still unknown or the reload failed. */
    public MetricInfo reloadedMetric(short id) {
        try {
            metrics = catalog.metrics();
            return metrics.get(id);
        } catch (SQLException e) {
            log.warn("Cannot reload metrics: {}", e.getMessage());
            return null;
        }
    }

    public Optional<MetricInfo> metricByCode(String code) {
        return metrics.values().stream().filter(m -> m.code().equals(code)).findFirst();
    }

    /** The ids of the known metrics with these codes, for replaying their stored readings. */
    public short[] metricIds(Set<String> codes) {
        List<Short> ids = metrics.values().stream()
                .filter(m -> codes.contains(m.code()))
                .map(MetricInfo::id)
                .toList();
        short[] out = new short[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i);
        }
        return out;
    }
}
