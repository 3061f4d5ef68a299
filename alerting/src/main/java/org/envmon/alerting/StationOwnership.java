package org.envmon.alerting;

/**
 * Which stations this engine evaluates and notifies for. A single node owns every station; a writer
 * of a scale-out deployment owns the stations of the Kafka partitions it is assigned, so every
 * station's alerts have exactly one owner at a time.
 */
@FunctionalInterface
public interface StationOwnership {
    /** Every station: the single-node service. */
    StationOwnership ALL = code -> true;

    /** No station: a writer before its first partition assignment. */
    StationOwnership NONE = code -> false;

    boolean owns(String stationCode);
}
