package org.envmon.ingest.kafka;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.RequestCodec;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer's consumer: polls the readings and rejections topics as a member of the writers' group and
 * writes each poll as one batch through the single-node {@link BatchWriter} rules (poison messages
 * isolated, pending stations resolved, new factors registered). The batch's transaction also records
 * the next offset of every partition it read ({@link OffsetStore}); only after that commit are the
 * offsets mirrored to Kafka, for lag monitoring. A batch the database did not take is read again from
 * where the database stands, after a backoff, so a database outage holds the writers while Kafka holds
 * the data.
 */
public final class KafkaWriter implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaWriter.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Consumer<String, byte[]> consumer;
    private final List<String> topics;
    private final BatchWriter writer;
    private final OffsetStore offsets;
    private final PartitionListener ownership;
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean databaseHealthy = true;
    private volatile long undecodable;
    private volatile String problem;
    private int consecutiveFailures;

    /** Told which partitions this writer owns, so alert state can follow them; may block the consumer. */
    public interface PartitionListener {
        PartitionListener NONE = (owned, readingsPartitions) -> {};

        /** @param readingsPartitions how many partitions the readings topic (the first topic) has */
        void owned(Set<TopicPartition> partitions, int readingsPartitions);
    }

    public KafkaWriter(
            Consumer<String, byte[]> consumer,
            List<String> topics,
            BatchWriter writer,
            OffsetStore offsets,
            PartitionListener ownership) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.writer = writer;
        this.offsets = offsets;
        this.ownership = ownership;
    }

    public boolean databaseHealthy() {
        return databaseHealthy;
    }

    /** Records this writer could not read (a newer edge's); their partition is held at them. */
    public long undecodable() {
        return undecodable;
    }

    /** What keeps this writer from writing everything it is assigned, or null. */
    public String problem() {
        return problem;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                positionWhatTheDatabaseKnows();
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    write(records);
                    backOffAfterFailure();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                problem = "the Kafka consumer was woken unexpectedly; this writer stopped";
                log.error(problem, e);
            }
        } catch (RuntimeException e) {
            problem = "this writer stopped: " + e;
            log.error("Kafka writer stopped; restart the process", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void write(ConsumerRecords<String, byte[]> records) {
        List<IngestRequest> batch = new ArrayList<>(records.count());
        Map<IngestRequest, ConsumerRecord<String, byte[]>> sources = new IdentityHashMap<>();
        Map<IngestRequest, WriteOutcome> outcomes = new IdentityHashMap<>();
        Set<TopicPartition> stopped = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (stopped.contains(partition)) {
                continue;
            }
            IngestRequest[] self = new IngestRequest[1];
            try {
                self[0] = RequestCodec.decode(record.value(), outcome -> outcomes.put(self[0], outcome));
            } catch (IOException | RuntimeException e) {
                stop(partition, record.offset(), e);
                stopped.add(partition);
                continue;
            }
            batch.add(self[0]);
            sources.put(self[0], record);
        }
        if (batch.isEmpty()) {
            return;
        }
        writer.writeBatch(batch, (connection, written) -> offsets.save(connection, spans(written, sources)));
        Map<TopicPartition, Long> retryFrom = new HashMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        int notTaken = 0;
        for (IngestRequest request : batch) {
            ConsumerRecord<String, byte[]> record = sources.get(request);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            WriteOutcome outcome = outcomes.get(request);
            if (outcome == null || !outcome.committed()) {
                notTaken++;
                retryFrom.merge(partition, record.offset(), Math::min);
            } else {
                next.merge(partition, record.offset() + 1, Math::max);
            }
        }
        if (retryFrom.isEmpty()) {
            databaseHealthy = true;
            consecutiveFailures = 0;
        } else {
            databaseHealthy = false;
            consecutiveFailures++;
            log.warn(
                    "The database did not take {} record(s); reading them again from offset(s) {}",
                    notTaken,
                    retryFrom);
            retryFrom.forEach(consumer::seek);
            retryFrom.keySet().forEach(next::remove);
        }
        mirror(next);
    }

    /**
     * Holds a partition at a record this writer cannot read (written by a newer edge): nothing of it is
     * skipped; the partition waits, paused, for a writer that can read it, and {@code /health} says so.
     */
    private void stop(TopicPartition partition, long offset, Exception cause) {
        consumer.seek(partition, offset);
        consumer.pause(List.of(partition));
        undecodable++;
        problem = "partition " + partition + " held at offset " + offset + ": a record this writer cannot read ("
                + cause.getMessage() + "); upgrade the writers to the edges' version";
        log.error("Kafka {}", problem);
    }

    /** The span each partition's written requests cover: from its first to after its last record. */
    private static Map<TopicPartition, OffsetStore.Span> spans(
            List<IngestRequest> written, Map<IngestRequest, ConsumerRecord<String, byte[]>> sources) {
        Map<TopicPartition, OffsetStore.Span> spans = new HashMap<>();
        for (IngestRequest request : written) {
            ConsumerRecord<String, byte[]> record = sources.get(request);
            spans.merge(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetStore.Span(record.offset(), record.offset() + 1),
                    (a, b) -> new OffsetStore.Span(Math.min(a.first(), b.first()), Math.max(a.next(), b.next())));
        }
        return spans;
    }

    private void mirror(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        next.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitAsync(commit, (committed, e) -> {
            if (e != null) {
                log.debug("Offsets not mirrored to Kafka (the database holds them): {}", e.toString());
            }
        });
    }

    /** Moves every partition the database could not position at assignment to where the database stands. */
    private void positionWhatTheDatabaseKnows() {
        if (unpositioned.isEmpty()) {
            return;
        }
        try {
            position(new ArrayList<>(unpositioned));
            consumer.resume(unpositioned);
            unpositioned.clear();
            databaseHealthy = true;
        } catch (SQLException e) {
            databaseHealthy = false;
            sleepQuietly(Duration.ofSeconds(1));
        }
    }

    private void position(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> stored = offsets.load(partitions);
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition);
            if (offset == null) {
                fresh.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        // The database holds nothing of these partitions yet: everything in them is still to be written.
        consumer.seekToBeginning(fresh);
    }

    private void backOffAfterFailure() {
        if (consecutiveFailures > 0) {
            sleepQuietly(
                    Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(consecutiveFailures - 1, 5))));
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    private int readingsPartitions() {
        return consumer.partitionsFor(topics.get(0)).size();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                position(partitions);
            } catch (SQLException e) {
                log.warn("Cannot read this writer's positions from the database ({}); waiting", e.getMessage());
                unpositioned.addAll(partitions);
                consumer.pause(partitions);
                databaseHealthy = false;
            }
            log.info("Writing partitions {}", partitions);
            ownership.owned(consumer.assignment(), readingsPartitions());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions);
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(partitions);
            ownership.owned(kept, readingsPartitions());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
