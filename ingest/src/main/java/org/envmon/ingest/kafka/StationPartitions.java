package org.envmon.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.envmon.alerting.StationOwnership;

/**
 * The stations whose messages land on the partitions a writer owns: Kafka places a keyed record by the
 * murmur2 hash of its key, and edges key every message by its station code (a client may not change
 * the partitioner, see {@code kafka.clientProperties}), so ownership of a station follows from its code.
 */
public final class StationPartitions implements StationOwnership {
    private final Set<Integer> owned;
    private final int partitions;

    private StationPartitions(Set<Integer> owned, int partitions) {
        this.owned = Set.copyOf(owned);
        this.partitions = partitions;
    }

    /** The stations of {@code assigned} partitions of {@code topic}, which has {@code partitions} in all. */
    public static StationPartitions of(String topic, int partitions, Set<TopicPartition> assigned) {
        return new StationPartitions(
                assigned.stream()
                        .filter(p -> p.topic().equals(topic))
                        .map(TopicPartition::partition)
                        .collect(Collectors.toSet()),
                partitions);
    }

    /** The partition Kafka's default partitioner gives a record keyed by {@code stationCode}. */
    public static int partitionOf(String stationCode, int partitions) {
        return Utils.toPositive(Utils.murmur2(stationCode.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public boolean owns(String stationCode) {
        return partitions > 0 && owned.contains(partitionOf(stationCode, partitions));
    }

    @Override
    public String toString() {
        return "partitions " + owned + " of " + partitions;
    }
}
