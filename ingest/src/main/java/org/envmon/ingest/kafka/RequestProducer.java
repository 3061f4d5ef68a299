package org.envmon.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.RequestCodec;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge's way to "stored": takes requests from the ingest queue and hands each to Kafka, keyed by
 * station, so one station's messages stay in order on one partition. A request's outcome (and with it
 * the station's PUBACK or 9014) is reported only when Kafka has acknowledged the record on
 * {@code min.insync.replicas} brokers; when Kafka does not within {@code kafka.deliveryTimeout}, the
 * outcome is a failure and the station, not acknowledged, sends again. The queue's bound covers every
 * request until Kafka answered for it.
 */
public final class RequestProducer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RequestProducer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int BATCH_MAX_READINGS = 10_000;

    private final IngestQueue queue;
    private final Producer<String, byte[]> producer;
    private final String readingsTopic;
    private final String rejectionsTopic;
    private final KafkaHealth health;
    private final AtomicLong failed = new AtomicLong();

    public RequestProducer(
            IngestQueue queue,
            Producer<String, byte[]> producer,
            String readingsTopic,
            String rejectionsTopic,
            KafkaHealth health) {
        this.queue = queue;
        this.producer = producer;
        this.readingsTopic = readingsTopic;
        this.rejectionsTopic = rejectionsTopic;
        this.health = health;
    }

    /** Runs until the queue is closed and empty. */
    @Override
    public void run() {
        while (true) {
            List<IngestRequest> batch;
            try {
                batch = queue.takeBatch(BATCH_MAX_READINGS, POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                if (queue.isClosed()) {
                    return;
                }
                continue;
            }
            batch.forEach(this::send);
        }
    }

    /** Messages Kafka did not take (their stations were not acknowledged). */
    public long failed() {
        return failed.get();
    }

    private void send(IngestRequest request) {
        // Messages with values go by station; a message quarantined whole by its station too, or, when it
        // names none (a refused login), by the client that sent it.
        boolean values = request.station() != null;
        String key = values ? request.stationCode() : rejectionKey(request);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(values ? readingsTopic : rejectionsTopic, key, RequestCodec.encode(request));
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    health.delivered();
                    done(request, WriteOutcome.committed(request.valueCount(), reasons(request)));
                } else {
                    fail(request, exception);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            fail(request, e);
        }
    }

    private void fail(IngestRequest request, Exception cause) {
        failed.incrementAndGet();
        if (health.failed(cause)) {
            log.warn(
                    "Kafka does not take messages: stations are not acknowledged and send again until it does ({})",
                    cause.toString());
        }
        done(request, WriteOutcome.failed(cause));
    }

    private void done(IngestRequest request, WriteOutcome outcome) {
        try {
            request.onDone().accept(outcome);
        } catch (RuntimeException e) {
            log.error("Acknowledgement callback failed for {}", request.origin(), e);
        } finally {
            queue.release(List.of(request));
        }
    }

    private static String rejectionKey(IngestRequest request) {
        if (!request.rejections().isEmpty() && request.rejections().get(0).stationCode() != null) {
            return request.rejections().get(0).stationCode();
        }
        return request.origin().clientId();
    }

    private static List<RejectReason> reasons(IngestRequest request) {
        return request.rejections().stream().map(Rejection::reason).toList();
    }
}
