package org.envmon.ingest.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's state for {@code /health}: whether it answers (asked every few seconds, so an idle process
 * knows too) and whether it takes messages (told by every delivery: brokers may answer while a
 * partition has too few copies in sync to acknowledge).
 */
public final class KafkaHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaHealth.class);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration TAKING_AGAIN_AFTER = Duration.ofSeconds(10);

    private final Admin admin;
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "envmon-kafka-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean reachable = true;
    private volatile boolean taking = true;
    private volatile int brokers;
    private volatile String lastError;
    private volatile long lastFailureNanos;

    public KafkaHealth(Admin admin) {
        this.admin = admin;
    }

    public KafkaHealth start() {
        probe.scheduleWithFixedDelay(this::ask, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean reachable() {
        return reachable;
    }

    /** Brokers the last answer listed. */
    public int brokers() {
        return brokers;
    }

    /** False since a delivery failed, until one succeeds again. */
    public boolean taking() {
        return taking;
    }

    /** Why Kafka last failed to answer or to take a message, while it does not; null otherwise. */
    public String lastError() {
        return reachable && taking ? null : lastError;
    }

    void delivered() {
        if (!taking) {
            taking = true;
            log.info("Kafka takes messages again");
        }
    }

    /** Records a failed delivery; true when the last one had succeeded. */
    boolean failed(Throwable cause) {
        lastError = cause.toString();
        lastFailureNanos = System.nanoTime();
        boolean was = taking;
        taking = false;
        return was;
    }

    private void ask() {
        try {
            brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes()
                    .get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
                    .size();
            if (!reachable) {
                reachable = true;
                log.info("Kafka answers again ({} brokers)", brokers);
            }
            // An edge out of its load balancer's rotation gets no message to prove Kafka takes them again:
            // brokers answering for a while since the last failed delivery count as taking.
            if (!taking && System.nanoTime() - lastFailureNanos > TAKING_AGAIN_AFTER.toNanos()) {
                taking = true;
                log.info(
                        "Kafka answers and no delivery failed for {} s: taking messages again",
                        TAKING_AGAIN_AFTER.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            lastError = e.toString();
            if (reachable) {
                reachable = false;
                log.warn("Kafka does not answer: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        probe.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
