package org.envmon.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.envmon.ingest.config.KafkaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the three topics exist as the promises need them: created when absent (readings and
 * rejections with {@code kafka.partitions}, the directory compacted with one partition, all with
 * {@code kafka.replicationFactor} copies and {@code kafka.minInsyncReplicas}), and checked when present,
 * so a topic made by hand with one copy fails the start instead of losing acknowledged data later.
 */
public final class Topics {
    private static final Logger log = LoggerFactory.getLogger(Topics.class);

    private final KafkaConfig config;

    public Topics(KafkaConfig config) {
        this.config = config;
    }

    /** Creates what is missing and checks the rest; waits for Kafka up to {@code kafka.startupWait}. */
    public void ensure(Admin admin) throws InterruptedException {
        long deadline = System.nanoTime() + config.startupWait().toNanos();
        while (true) {
            try {
                ensureOnce(admin);
                return;
            } catch (TimeoutException | ExecutionException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            "Kafka at " + config.bootstrapServers().orElse("?") + " did not answer within "
                                    + config.startupWait().toSeconds() + " s (kafka.startupWait): " + cause,
                            cause);
                }
                log.warn("Waiting for Kafka ({}); retrying", cause.toString());
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    private void ensureOnce(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : List.of(config.readingsTopic(), config.rejectionsTopic(), config.directoryTopic())) {
            if (!existing.contains(topic)) {
                missing.add(newTopic(topic));
            }
        }
        if (!missing.isEmpty()) {
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    log.info("Created Kafka topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        check(admin);
    }

    private NewTopic newTopic(String name) {
        boolean directory = name.equals(config.directoryTopic());
        NewTopic topic = new NewTopic(name, directory ? 1 : config.partitions(), config.replicationFactor());
        return topic.configs(
                directory
                        ? Map.of(
                                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                String.valueOf(config.minInsyncReplicas()),
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT)
                        : Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(config.minInsyncReplicas())));
    }

    private void check(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = List.of(config.readingsTopic(), config.rejectionsTopic(), config.directoryTopic());
        Map<String, TopicDescription> described =
                admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            TopicDescription description = described.get(name);
            int copies = description.partitions().stream()
                    .mapToInt(partition -> partition.replicas().size())
                    .min()
                    .orElse(0);
            if (copies < config.replicationFactor()) {
                problems.add(name + " has " + copies + " copies, kafka.replicationFactor asks for "
                        + config.replicationFactor());
            }
            Config topicConfig = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            int minInsync = Integer.parseInt(
                    topicConfig.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
            if (minInsync < config.minInsyncReplicas()) {
                problems.add(name + " has min.insync.replicas " + minInsync + ", kafka.minInsyncReplicas asks for "
                        + config.minInsyncReplicas());
            }
            String cleanup = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!name.equals(config.directoryTopic()) && cleanup.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                problems.add(name + " is compacted (cleanup.policy=" + cleanup + "): Kafka would drop acknowledged"
                        + " messages of a station before the writers store them");
            }
            if (name.equals(config.directoryTopic())
                    && !topicConfig
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value()
                            .contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                problems.add(name + " is not compacted (cleanup.policy=compact): old station settings would expire");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Kafka topics do not keep envmon's promises: " + String.join("; ", problems)
                    + ". Fix them with kafka-configs/kafka-reassign-partitions, or name other topics.");
        }
    }
}
