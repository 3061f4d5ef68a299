package org.envmon.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.envmon.ingest.config.ConfigKey;
import org.envmon.ingest.config.ConfigKeys;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.config.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files of docs/scale-out parse, every envmon setting in them is a configuration key
 * envmon reads (and loads as valid configuration), each process runs a real role, edges carry no
 * database settings, and Kafka (brokers, Strimzi topics) keeps what the envmon settings ask for.
 */
class ScaleOutManifestsTest {
    private static final Path DIR = Path.of("..", "docs", "scale-out");
    private static final Set<String> KNOWN_VARIABLES =
            ConfigKeys.ALL.stream().map(ConfigKey::env).collect(Collectors.toSet());

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml(options).loadAll(reader)) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            current = ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }

    private static Map<String, String> strings(Map<String, Object> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((name, value) -> out.put(name, String.valueOf(value)));
        return out;
    }

    /** The environment a process gets, loaded as envmon would (with the variables compose would fill in set). */
    private static KafkaConfig loads(Map<String, String> env) {
        Map<String, String> resolved = new HashMap<>();
        env.forEach((name, value) -> resolved.put(name, value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
        return EnvmonConfig.load(null, resolved).kafka();
    }

    private static void onlyEnvmonVariables(String where, Map<String, String> env) {
        for (String name : env.keySet()) {
            assertThat(KNOWN_VARIABLES)
                    .as(where + ": " + name + " is not a configuration key")
                    .contains(name);
        }
    }

    @Test
    void compose_edgesAndWritersUseRealRoles_andKafkaMatchesTheirSettings() throws IOException {
        Map<String, Object> compose = documents(DIR.resolve("compose.yaml")).get(0);
        Map<String, Object> services = at(compose, "services");
        int edges = 0;
        int writers = 0;
        for (Map.Entry<String, Object> service : services.entrySet()) {
            List<String> command = at(service.getValue(), "command");
            if (command == null || !command.contains("--role")) {
                continue;
            }
            String role = command.get(command.indexOf("--role") + 1);
            Map<String, String> env = strings(at(service.getValue(), "environment"));
            onlyEnvmonVariables(service.getKey(), env);
            KafkaConfig kafka = loads(env);
            assertThat(kafka.bootstrapServers()).as(service.getKey()).isPresent();
            for (String broker : kafka.bootstrapServers().orElseThrow().split(",")) {
                assertThat(services).as("broker " + broker).containsKey(broker.split(":")[0]);
            }
            assertThat(kafka.replicationFactor()).isEqualTo((short) 3);
            assertThat(kafka.minInsyncReplicas()).isEqualTo(2);
            if (role.equals("edge")) {
                edges++;
                assertThat(env.keySet()).as("an edge has no database").noneMatch(name -> name.startsWith("ENVMON_DB_"));
            } else {
                assertThat(role).isEqualTo("writer");
                writers++;
                assertThat(env).containsKey("ENVMON_DB_URL");
                String host = env.get("ENVMON_DB_URL").replaceAll("jdbc:postgresql://([^:/]+).*", "$1");
                assertThat(services).as("database service").containsKey(host);
            }
        }
        assertThat(edges).isEqualTo(2);
        assertThat(writers).isEqualTo(2);
        int brokers = 0;
        for (Object service : services.values()) {
            Map<String, Object> env = at(service, "environment");
            if (env != null && "broker".equals(env.get("KAFKA_PROCESS_ROLES"))) {
                brokers++;
                assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("2");
                assertThat(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR")).isEqualTo("3");
            }
        }
        assertThat(brokers).as("brokers: three copies need three").isEqualTo(3);
    }

    @Test
    void kubernetes_deploymentsRunRoles_configMapIsValid_andStrimziTopicsKeepThePromises() throws IOException {
        List<Map<String, Object>> envmon = documents(DIR.resolve("kubernetes/envmon.yaml"));
        Map<String, String> shared = strings(envmon.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .findFirst()
                .map(d -> at(d, "data"))
                .map(data -> (Map<String, Object>) data)
                .orElseThrow());
        onlyEnvmonVariables("ConfigMap envmon", shared);
        KafkaConfig kafka = loads(shared);

        Map<String, List<String>> roles = new HashMap<>();
        for (Map<String, Object> document : envmon) {
            if (!"Deployment".equals(document.get("kind"))) {
                continue;
            }
            List<Map<String, Object>> containers = at(document, "spec", "template", "spec", "containers");
            Map<String, Object> container = containers.get(0);
            List<String> args = at(container, "args");
            String role = args.get(args.indexOf("--role") + 1);
            List<Map<String, Object>> env = at(container, "env");
            List<String> names = env == null
                    ? List.of()
                    : env.stream().map(e -> (String) e.get("name")).toList();
            names.forEach(name -> assertThat(KNOWN_VARIABLES).as(name).contains(name));
            roles.put(role, names);
        }
        assertThat(roles).containsOnlyKeys("edge", "writer");
        assertThat(roles.get("edge")).noneMatch(name -> name.startsWith("ENVMON_DB_"));
        assertThat(roles.get("writer")).contains("ENVMON_DB_URL", "ENVMON_DB_PASSWORD");
        Map<String, Object> edgeService = envmon.stream()
                .filter(d -> "Service".equals(d.get("kind")) && "envmon-edge".equals(at(d, "metadata", "name")))
                .findFirst()
                .orElseThrow();
        assertThat((String) at(edgeService, "spec", "type")).isEqualTo("LoadBalancer");

        List<Map<String, Object>> strimzi = documents(DIR.resolve("kubernetes/kafka.yaml"));
        Map<String, Object> cluster = strimzi.stream()
                .filter(d -> "Kafka".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        String clusterName = at(cluster, "metadata", "name");
        assertThat(kafka.bootstrapServers().orElseThrow()).startsWith(clusterName + "-kafka-bootstrap.");
        assertThat(String.valueOf((Object) at(cluster, "spec", "kafka", "config", "min.insync.replicas")))
                .isEqualTo(String.valueOf(kafka.minInsyncReplicas()));
        int brokers = strimzi.stream()
                .filter(d ->
                        "KafkaNodePool".equals(d.get("kind")) && ((List<?>) at(d, "spec", "roles")).contains("broker"))
                .mapToInt(d -> (Integer) at(d, "spec", "replicas"))
                .sum();
        assertThat(brokers).isGreaterThanOrEqualTo(kafka.replicationFactor());

        Map<String, Map<String, Object>> topics = new HashMap<>();
        strimzi.stream()
                .filter(d -> "KafkaTopic".equals(d.get("kind")))
                .forEach(d -> topics.put(at(d, "metadata", "name"), d));
        assertThat(topics).containsOnlyKeys(kafka.readingsTopic(), kafka.rejectionsTopic(), kafka.directoryTopic());
        for (Map<String, Object> topic : topics.values()) {
            assertThat((Integer) at(topic, "spec", "replicas")).isEqualTo((int) kafka.replicationFactor());
            assertThat((Integer) at(topic, "spec", "config", "min.insync.replicas"))
                    .isEqualTo(kafka.minInsyncReplicas());
            assertThat((String) at(topic, "metadata", "labels", "strimzi.io/cluster"))
                    .isEqualTo(clusterName);
        }
        assertThat((Integer) at(topics.get(kafka.readingsTopic()), "spec", "partitions"))
                .isEqualTo(kafka.partitions());
        assertThat((String) at(topics.get(kafka.directoryTopic()), "spec", "config", "cleanup.policy"))
                .isEqualTo("compact");
    }
}
