package org.envmon.ingest.catalog;

/** The stations of record (the database): blocking, so called only off the event loops; never throws. */
public interface StationSource {

    /** The station as stored now ({@code Unavailable} when the database cannot be asked). */
    StationResolution find(String code);

    /** As {@link #find}, but a station not stored yet is registered when the policy says so (first data). */
    StationResolution resolve(String code);
}
