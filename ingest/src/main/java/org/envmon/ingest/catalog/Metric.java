package org.envmon.ingest.catalog;

import java.util.List;

/** A measured factor as the catalogue defines it (HJ 212-2017 code, 2005 code, unit, decimals, aliases). */
public record Metric(
        short id, String code, String code2005, String name, String unit, int decimals, List<String> aliases) {
    public Metric {
        aliases = List.copyOf(aliases);
    }
}
