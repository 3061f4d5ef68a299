package org.envmon.ingest.catalog;

import java.util.Optional;

/** Reads one active station's current settings from the database; blocking, so never on an event loop. */
@FunctionalInterface
public interface StationLookup {
    Optional<StationProfile> find(String code);
}
