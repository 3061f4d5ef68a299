package org.envmon.simulator.encode;

import org.envmon.simulator.catalog.StationKind;

/**
 * What an encoder needs of a station: the code it is known by on the wire (the MN for HJ 212), its kind
 * (for the HJ 212 system code), its HJ 212 password and whether its logger speaks the 2005 dialect.
 */
public record StationIdentity(String wireCode, StationKind kind, String password, boolean dialect2005) {
    public StationIdentity {
        if (password.length() > 6 || password.contains(";")) {
            throw new IllegalArgumentException("an HJ 212 password has at most 6 characters and no ';'");
        }
    }

    /** The HJ 212 system code (ST) of the station's kind. */
    public String systemCode() {
        return switch (kind) {
            case RIVER_SECTION -> "21";
            case DUST_SITE -> "39";
            case OUTFALL -> "32";
        };
    }
}
