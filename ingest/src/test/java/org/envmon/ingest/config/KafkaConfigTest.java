package org.envmon.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConfigTest {
    @TempDir
    Path dir;

    private static KafkaConfig load(Map<String, String> env) {
        return EnvmonConfig.load(null, env).kafka();
    }

    @Test
    void defaults_noBrokers_threeCopiesTwoInSync() {
        KafkaConfig kafka = load(Map.of());
        assertThat(kafka.bootstrapServers()).isEmpty();
        assertThat(kafka.readingsTopic()).isEqualTo("envmon.readings");
        assertThat(kafka.rejectionsTopic()).isEqualTo("envmon.rejections");
        assertThat(kafka.directoryTopic()).isEqualTo("envmon.directory");
        assertThat(kafka.replicationFactor()).isEqualTo((short) 3);
        assertThat(kafka.minInsyncReplicas()).isEqualTo(2);
        assertThat(kafka.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(kafka.clientProperties()).isEmpty();
    }

    @Test
    void role_withoutBrokers_refusedNamingTheKey() {
        KafkaConfig kafka = load(Map.of());
        assertThatThrownBy(() -> kafka.requireBootstrapServers("edge"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serve --role edge")
                .hasMessageContaining("ENVMON_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(load(Map.of("ENVMON_KAFKA_BOOTSTRAP_SERVERS", " k1:9092,k2:9092 "))
                        .requireBootstrapServers("writer"))
                .isEqualTo("k1:9092,k2:9092");
    }

    @Test
    void minInsyncAboveCopies_refused() {
        assertThatThrownBy(() ->
                        load(Map.of("ENVMON_KAFKA_REPLICATION_FACTOR", "2", "ENVMON_KAFKA_MIN_INSYNC_REPLICAS", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.minInsyncReplicas")
                .hasMessageContaining("no message could ever be acknowledged");
    }

    @Test
    void topicNames_mustBeValidAndDistinct() {
        assertThatThrownBy(() -> load(Map.of("ENVMON_KAFKA_READINGS_TOPIC", "readings/all")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.readingsTopic")
                .hasMessageContaining("'readings/all'");
        assertThatThrownBy(() -> load(Map.of("ENVMON_KAFKA_REJECTIONS_TOPIC", "envmon.readings")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must differ");
    }

    @Test
    void clientProperties_passedThrough() throws IOException {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        KafkaConfig kafka = load(Map.of("ENVMON_KAFKA_CLIENT_PROPERTIES", file.toString()));
        assertThat(kafka.clientProperties())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void clientProperties_mayNotWeakenAcknowledgements() throws IOException {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "acks=1\n");
        assertThatThrownBy(() -> load(Map.of("ENVMON_KAFKA_CLIENT_PROPERTIES", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("may not set acks");
    }

    @Test
    void clientProperties_missingFile_refused() {
        assertThatThrownBy(() -> load(Map.of(
                        "ENVMON_KAFKA_CLIENT_PROPERTIES",
                        dir.resolve("none.properties").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.clientProperties")
                .hasMessageContaining("cannot be read");
    }
}
