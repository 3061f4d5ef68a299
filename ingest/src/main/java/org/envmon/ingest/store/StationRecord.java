package org.envmon.ingest.store;

/**
 * A row of the station table as operators manage it. Nullable fields are optional; a null
 * {@code hj212Password} or {@code crcMode} leaves an existing station's setting as it is.
 */
public record StationRecord(
        String code,
        String name,
        String kind,
        String river,
        String township,
        Double lat,
        Double lon,
        Integer targetClass,
        String timezone,
        boolean active,
        String hj212Password,
        String crcMode) {}
