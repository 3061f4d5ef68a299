package org.envmon.ingest.payload;

/** A resolved station: its database id, which its readings are stored under, and its code. */
public record StationRef(int id, String code) {
}
