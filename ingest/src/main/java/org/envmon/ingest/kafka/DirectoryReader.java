package org.envmon.ingest.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an edge's station directory and factor catalogue in step with the directory topic: reads it
 * from its start, then follows it. The edge opens its listeners only once everything published before
 * it started has been read and a writer has published the catalogue, so a restarted edge knows every
 * login it knew before.
 */
public final class DirectoryReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryReader.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final StationDirectory stations;
    private final MetricCatalog catalog;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long malformed;
    private volatile String failure;
    private boolean wholePublicationSeen;

    public DirectoryReader(
            Consumer<String, byte[]> consumer, String topic, StationDirectory stations, MetricCatalog catalog) {
        this.consumer = consumer;
        this.topic = topic;
        this.stations = stations;
        this.catalog = catalog;
        this.thread = new Thread(this::run, "envmon-directory-reader");
        this.thread.setDaemon(true);
    }

    public DirectoryReader start() {
        thread.start();
        return this;
    }

    /** Waits until the directory has been read up to where it stood at start and holds a catalogue. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the directory stopped following the topic (station settings are frozen since), or null. */
    public String failure() {
        return failure;
    }

    /** Directory records that could not be read (logged; the previous value of their key stays). */
    public long malformed() {
        return malformed;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofDays(1)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofDays(1));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (loaded.getCount() > 0
                        && readUpTo(end)
                        && wholePublicationSeen
                        && !catalog.all().isEmpty()) {
                    log.info(
                            "Station directory read: {} stations, {} factors",
                            stations.size(),
                            catalog.all().size());
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = "the station directory reader was woken unexpectedly and stopped";
                log.error(failure, e);
            }
        } catch (RuntimeException e) {
            failure = "the station directory stopped following Kafka: " + e;
            log.error("Station directory reader stopped; restart the process", e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private boolean readUpTo(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        try {
            if (key != null && key.startsWith(DirectoryRecords.STATION)) {
                String code = key.substring(DirectoryRecords.STATION.length());
                if (record.value() == null) {
                    stations.remove(code);
                } else {
                    stations.put(code, DirectoryRecords.station(record.value()));
                }
            } else if (DirectoryRecords.PUBLISHED.equals(key)) {
                wholePublicationSeen = true;
            } else if (key != null && key.startsWith(DirectoryRecords.METRIC) && record.value() != null) {
                Metric metric = DirectoryRecords.metric(record.value());
                if (!catalog.contains(metric.id())) {
                    catalog.add(metric);
                }
            } else if (record.value() != null) {
                throw new IOException("unknown key");
            }
        } catch (IOException | RuntimeException e) {
            malformed++;
            log.warn("Directory record {} at offset {} ignored: {}", key, record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
