package org.envmon.ingest.kafka;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer's side of the directory topic: publishes the active stations' settings and the factor
 * catalogue as they are in the database, at start and every {@code stations.refreshInterval}, sending
 * only what changed since the topic's last state (read from the topic itself at start, so a station
 * deactivated while no writer ran is withdrawn too). Several writers publish the same values; the
 * topic is compacted, so edges end with the database's state.
 */
public final class DirectoryPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** The database's current view, read on the publisher's thread. */
    @FunctionalInterface
    public interface ActiveStations {
        Map<String, StationProfile> read() throws SQLException;
    }

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final ActiveStations stations;
    private final MetricCatalog catalog;
    private final Map<String, byte[]> published = new HashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "envmon-directory-publisher");
        thread.setDaemon(true);
        return thread;
    });

    public DirectoryPublisher(
            Producer<String, byte[]> producer, String topic, ActiveStations stations, MetricCatalog catalog) {
        this.producer = producer;
        this.topic = topic;
        this.stations = stations;
        this.catalog = catalog;
    }

    /**
     * Reads what the topic holds, publishes the difference once (so edges waiting for a directory can
     * start), then keeps it current every {@code interval}.
     */
    public void start(Consumer<String, byte[]> existing, Duration interval)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        readTopic(existing);
        int sent = publish();
        if (sent == 0 && !published.containsKey(DirectoryRecords.PUBLISHED)) {
            send(Map.of(DirectoryRecords.PUBLISHED, DirectoryRecords.published(System.currentTimeMillis())));
        }
        log.info("Station directory published to {}: {} record(s) changed", topic, sent);
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::publishQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void readTopic(Consumer<String, byte[]> consumer) {
        try (consumer) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, SEND_TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, SEND_TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        published.remove(record.key());
                    } else {
                        published.put(record.key(), record.value());
                    }
                }
            }
        }
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (SQLException | ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not publish the station directory (will retry): {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what differs from the topic and waits until Kafka has it; returns the records sent. */
    int publish() throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        Map<String, byte[]> wanted = new HashMap<>();
        for (Map.Entry<String, StationProfile> station : stations.read().entrySet()) {
            wanted.put(DirectoryRecords.stationKey(station.getKey()), DirectoryRecords.station(station.getValue()));
        }
        for (Metric metric : catalog.all()) {
            wanted.put(DirectoryRecords.metricKey(metric.id()), DirectoryRecords.metric(metric));
        }
        Map<String, byte[]> changes = new HashMap<>();
        wanted.forEach((key, value) -> {
            if (!Arrays.equals(published.get(key), value)) {
                changes.put(key, value);
            }
        });
        Set<String> withdrawn = new HashSet<>(published.keySet());
        withdrawn.removeAll(wanted.keySet());
        withdrawn.removeIf(key -> !key.startsWith(DirectoryRecords.STATION));
        withdrawn.forEach(key -> changes.put(key, null));
        if (changes.isEmpty()) {
            return 0;
        }
        send(changes);
        // The marker goes after the changes: a reader that sees it has read the whole publication.
        send(Map.of(DirectoryRecords.PUBLISHED, DirectoryRecords.published(System.currentTimeMillis())));
        return changes.size();
    }

    private void send(Map<String, byte[]> changes) throws InterruptedException, ExecutionException, TimeoutException {
        List<Future<RecordMetadata>> sends = changes.entrySet().stream()
                .map(change -> producer.send(new ProducerRecord<>(topic, change.getKey(), change.getValue())))
                .toList();
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        changes.forEach((key, value) -> {
            if (value == null) {
                published.remove(key);
            } else {
                published.put(key, value);
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
