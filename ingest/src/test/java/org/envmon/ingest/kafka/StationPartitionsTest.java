package org.envmon.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StationPartitionsTest {
    @Test
    void partitionOf_isWhereKafkasProducerPutsARecordKeyedByTheCode() {
        for (String code : new String[] {"S01", "32010000001", "工地-07", "A", "KSO3"}) {
            for (int partitions : new int[] {1, 4, 12, 48}) {
                assertThat(StationPartitions.partitionOf(code, partitions))
                        .as(code + " over " + partitions)
                        .isEqualTo(
                                BuiltInPartitioner.partitionForKey(code.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void owns_theStationsOfTheAssignedReadingsPartitionsOnly() {
        int partitions = 4;
        String onZero = stationOn(0, partitions);
        String onThree = stationOn(3, partitions);
        StationPartitions owned = StationPartitions.of(
                "envmon.readings",
                partitions,
                Set.of(new TopicPartition("envmon.readings", 0), new TopicPartition("envmon.rejections", 3)));
        assertThat(owned.owns(onZero)).isTrue();
        assertThat(owned.owns(onThree))
                .as("a rejections partition does not carry alert ownership")
                .isFalse();
        assertThat(StationPartitions.of("envmon.readings", partitions, Set.of()).owns(onZero))
                .isFalse();
    }

    private static String stationOn(int partition, int partitions) {
        for (int i = 0; ; i++) {
            if (StationPartitions.partitionOf("S" + i, partitions) == partition) {
                return "S" + i;
            }
        }
    }
}
