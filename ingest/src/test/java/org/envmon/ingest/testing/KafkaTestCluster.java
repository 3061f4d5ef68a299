package org.envmon.ingest.testing;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka in KRaft mode inside the test JVM, as a deployment runs it: three brokers and a quorum of
 * three controllers, replication 3, {@code min.insync.replicas} 2. A broker can be stopped and
 * started again on its own port. Controllers run apart from brokers: with combined nodes the 4.3
 * testkit's controllers refuse each other's voter updates and halt. This is the in-JVM path; where
 * a Docker engine exists the scale-out tests may take Testcontainers' Kafka instead, and each logs
 * which path ran.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaTestCluster.class);
    public static final int BROKERS = 3;

    private final KafkaClusterTestKit cluster;

    private KafkaTestCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaTestCluster start() throws Exception {
        // Six Kafka nodes at INFO drown every other line of a test's output.
        for (String noisy : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(noisy)).setLevel(Level.WARN);
        }
        long started = System.nanoTime();
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(false)
                .setNumBrokerNodes(BROKERS)
                .setNumControllerNodes(BROKERS)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("default.replication.factor", "3")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.num.partitions", "3")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        log.info(
                "Kafka path: in this JVM (no Docker engine used), {} KRaft brokers at {}, started in {} ms",
                BROKERS,
                cluster.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new KafkaTestCluster(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates a topic with a replica on every broker. */
    public void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) BROKERS)))
                    .all()
                    .get();
        }
    }

    /** Stops broker {@code index} (0 to 2) and waits until it is down. */
    public void stopBroker(int index) {
        broker(index).shutdown();
        broker(index).awaitShutdown();
    }

    /** Starts a stopped broker again, on its own port, and waits until every broker is ready. */
    public void startBroker(int index) throws ExecutionException, InterruptedException {
        broker(index).startup();
        cluster.waitForReadyBrokers();
    }

    /** Stops every broker: Kafka is down for its clients (the controllers keep running). */
    public void stopAllBrokers() {
        for (int i = 0; i < BROKERS; i++) {
            stopBroker(i);
        }
    }

    /** Starts every broker again and waits until all are ready. */
    public void startAllBrokers() throws ExecutionException, InterruptedException {
        for (int i = 0; i < BROKERS; i++) {
            broker(i).startup();
        }
        cluster.waitForReadyBrokers();
    }

    private kafka.server.BrokerServer broker(int index) {
        return cluster.brokers().values().stream()
                .sorted((a, b) ->
                        Integer.compare(a.config().nodeId(), b.config().nodeId()))
                .toList()
                .get(index);
    }

    /** Waits until every partition of {@code topic} has all brokers in sync again. */
    public void awaitFullyReplicated(String topic, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                TopicDescription description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic);
                if (description.partitions().stream()
                        .map(TopicPartitionInfo::isr)
                        .allMatch(isr -> isr.size() == BROKERS)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " is not back to " + BROKERS + " in-sync replicas: "
                            + description.partitions());
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
