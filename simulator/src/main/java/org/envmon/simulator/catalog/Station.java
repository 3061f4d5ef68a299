package org.envmon.simulator.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One simulated station. {@code code} identifies it in MQTT JSON topics; {@code mn} is its HJ 212-2017
 * device id (24 hex digits), which is the station code ingest knows when the station speaks HJ 212.
 */
public record Station(
        String code,
        String name,
        StationKind kind,
        Optional<String> river,
        Optional<String> township,
        double lat,
        double lon,
        Optional<String> targetClass,
        String mn) {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern MN = Pattern.compile("[0-9A-Fa-f]{24}");
    private static final Pattern CLASS = Pattern.compile("I|II|III|IV|V");

    public Station {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("station code '" + code + "' must be 1-64 letters, digits, _ . -");
        }
        if (mn == null || !MN.matcher(mn).matches()) {
            throw new IllegalArgumentException("station " + code + ": mn '" + mn + "' must be 24 hex digits");
        }
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("station " + code + ": coordinates out of range");
        }
        if (targetClass.isPresent() && !CLASS.matcher(targetClass.get()).matches()) {
            throw new IllegalArgumentException("station " + code + ": target class must be I-V");
        }
    }

    /** The 14-character MN an HJ/T 212-2005 logger sends: the last 14 digits of the 2017 id. */
    public String mn2005() {
        return mn.substring(10);
    }

    /** The station's code on the wire for the given dialect. */
    public String wireCode(boolean hj212, boolean dialect2005) {
        if (!hj212) {
            return code;
        }
        return dialect2005 ? mn2005() : mn;
    }
}
