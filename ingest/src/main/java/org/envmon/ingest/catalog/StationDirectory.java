package org.envmon.ingest.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Active stations by code, read by event loops without blocking. Filled from the station table at
 * start, refreshed periodically, and updated by the writer whenever it resolves or registers a
 * station it had not seen.
 */
public final class StationDirectory {
    private final Map<String, StationProfile> byCode = new ConcurrentHashMap<>();

    public Optional<Integer> idOf(String code) {
        return profileOf(code).map(StationProfile::id);
    }

    public Optional<StationProfile> profileOf(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public void put(String code, StationProfile profile) {
        byCode.put(code, profile);
    }

    /** Forgets a station that was deactivated or removed. */
    public void remove(String code) {
        byCode.remove(code);
    }

    /** Replaces the whole directory with a fresh read of the active stations. */
    public void replaceAll(Map<String, StationProfile> active) {
        byCode.putAll(active);
        byCode.keySet().retainAll(active.keySet());
    }

    public int size() {
        return byCode.size();
    }
}
