package org.envmon.ingest.payload;

/**
 * The station a message's values belong to: its database id, which its readings are stored under,
 * and its code. A station the edge could not look up (the database did not answer) is pending:
 * id 0, resolved by code when the values are written.
 */
public record StationRef(int id, String code) {

    public StationRef {
        if (id < 0 || code == null) {
            throw new IllegalArgumentException("station id " + id + ", code " + code);
        }
    }

    /** A station known by its code only, to be resolved when its values are written. */
    public static StationRef pending(String code) {
        return new StationRef(0, code);
    }

    public boolean isPending() {
        return id == 0;
    }
}
