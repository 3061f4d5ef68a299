package org.envmon.ingest.catalog;

import java.util.Locale;

/** Which checksum a station's HJ 212 frames carry: Appendix A of the standard, plain Modbus, or none checked. */
public enum CrcMode {
    STANDARD,
    MODBUS,
    OFF;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CrcMode fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
