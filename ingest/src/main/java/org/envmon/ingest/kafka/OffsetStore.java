package org.envmon.ingest.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * The writers' positions in Kafka, kept in the database ({@code kafka_offset}) beside the rows they
 * produced, in the same transaction: the database, not Kafka's committed offsets, says where a writer
 * resumes, so a crash between the database commit and anything after it repeats nothing.
 */
public final class OffsetStore {
    private final DataSource dataSource;
    private final String group;

    public OffsetStore(DataSource dataSource, String group) {
        this.dataSource = dataSource;
        this.group = group;
    }

    /** The next offset to read of each partition the database has a position for. */
    public Map<TopicPartition, Long> load(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT next_offset FROM kafka_offset WHERE consumer_group = ? AND topic = ? AND partition = ?")) {
            for (TopicPartition partition : partitions) {
                s.setString(1, group);
                s.setString(2, partition.topic());
                s.setInt(3, partition.partition());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        positions.put(partition, rs.getLong(1));
                    }
                }
            }
        }
        return positions;
    }

    /** Records positions on a connection of its own: a poll that held nothing to write. */
    public void save(Map<TopicPartition, Long> next) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            save(c, next);
        }
    }

    /** Records, on the batch's own connection (before its commit), the next offset of each partition. */
    public void save(Connection c, Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO kafka_offset (consumer_group, topic, partition, next_offset)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (consumer_group, topic, partition) DO UPDATE
                SET next_offset = GREATEST(kafka_offset.next_offset, EXCLUDED.next_offset), updated_at = now()""")) {
            for (Map.Entry<TopicPartition, Long> position : next.entrySet()) {
                s.setString(1, group);
                s.setString(2, position.getKey().topic());
                s.setInt(3, position.getKey().partition());
                s.setLong(4, position.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
