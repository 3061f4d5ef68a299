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
import org.envmon.ingest.pipeline.BatchWriter;

/**
 * The writers' positions in Kafka, kept in the database ({@code kafka_offset}) beside the rows they
 * produced, in the same transaction: the database, not Kafka's committed offsets, says where a writer
 * resumes, so a crash between the database commit and anything after it repeats nothing, and a
 * position only ever moves on from where it stands.
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

    /** The offsets a batch read from one partition: from {@code first} up to {@code next} (exclusive). */
    public record Span(long first, long next) {}

    /**
     * Moves each partition's position to the end of the batch's span, on the batch's own connection (before
     * its commit), but only from where the database stands: a span that does not start there (a record
     * before it was not written, or another writer has moved on since this one lost the partition) fails
     * the batch with {@link BatchWriter.NotNow}, so no record is skipped and a stale writer commits nothing.
     */
    public void save(Connection c, Map<TopicPartition, Span> spans) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO kafka_offset (consumer_group, topic, partition, next_offset)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (consumer_group, topic, partition) DO UPDATE
                SET next_offset = EXCLUDED.next_offset, updated_at = now()
                WHERE kafka_offset.next_offset = ?""")) {
            for (Map.Entry<TopicPartition, Span> span : spans.entrySet()) {
                TopicPartition partition = span.getKey();
                s.setString(1, group);
                s.setString(2, partition.topic());
                s.setInt(3, partition.partition());
                s.setLong(4, span.getValue().next());
                s.setLong(5, span.getValue().first());
                if (s.executeUpdate() == 0) {
                    throw new BatchWriter.NotNow("the database's position in " + partition + " is not "
                            + span.getValue().first() + ", where this batch starts: a record before it is not written"
                            + " yet, or another writer owns the partition now");
                }
            }
        }
    }
}
