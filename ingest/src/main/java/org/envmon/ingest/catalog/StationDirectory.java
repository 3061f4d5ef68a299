package org.envmon.ingest.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Station code to database id, read by event loops without blocking. Filled from the station table
 * at start and by the writer whenever it resolves or registers a station it had not seen.
 */
public final class StationDirectory {
    private final Map<String, Integer> idsByCode = new ConcurrentHashMap<>();

    public Optional<Integer> idOf(String code) {
        return Optional.ofNullable(idsByCode.get(code));
    }

    public void put(String code, int id) {
        idsByCode.put(code, id);
    }

    public void putAll(Map<String, Integer> idsByCode) {
        this.idsByCode.putAll(idsByCode);
    }

    public int size() {
        return idsByCode.size();
    }
}
