package org.envmon.simulator.catalog;

import java.util.Locale;

/** What a station monitors; the names are those of ingest's {@code station.kind}. */
public enum StationKind {
    RIVER_SECTION,
    DUST_SITE,
    OUTFALL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StationKind parse(String label) {
        for (StationKind kind : values()) {
            if (kind.label().equals(label.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown station kind '" + label + "' (river_section, dust_site, outfall)");
    }
}
