package org.envmon.ingest.catalog;

/**
 * The factor a decoded value belongs to: a metric of the catalogue ({@code metricId}), or a code the
 * catalogue does not know yet ({@code newFactor}, metric id 0), registered when the value is written.
 */
public record FactorRef(short metricId, String newFactor) {

    public static FactorRef known(short metricId) {
        return new FactorRef(metricId, null);
    }

    public static FactorRef newFactor(String code) {
        return new FactorRef((short) 0, code);
    }
}
