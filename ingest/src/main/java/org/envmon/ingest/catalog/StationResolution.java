package org.envmon.ingest.catalog;

import org.envmon.ingest.payload.RejectReason;

/** What the service knows of the station a message names, decided before the message is decoded. */
public sealed interface StationResolution {

    /** An active station (known, or registered just now under {@code ingest.unknownStations=register}). */
    record Active(String code, StationProfile profile) implements StationResolution {}

    /** The station may not send: unknown (and not registered on first data) or deactivated. */
    record Refused(String code, RejectReason reason, String detail) implements StationResolution {}

    /**
     * The database could not be asked. The message is neither stored nor quarantined: its sender is
     * not acknowledged and sends it again.
     */
    record Unavailable(String code, String cause) implements StationResolution {}
}
