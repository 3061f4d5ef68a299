package org.envmon.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.envmon.ingest.config.ConfigException;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.config.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {
    @TempDir
    Path dir;

    @Test
    void lingerLongerThanTheDeliveryTimeout_refusedWithBothSettingsNamed() throws Exception {
        Path properties = dir.resolve("kafka.properties");
        Files.writeString(properties, "linger.ms=40000\n");
        KafkaConfig config = EnvmonConfig.load(
                        null,
                        Map.of(
                                "ENVMON_KAFKA_CLIENT_PROPERTIES",
                                properties.toString(),
                                "ENVMON_KAFKA_DELIVERY_TIMEOUT",
                                "30s"))
                .kafka();
        KafkaClients clients = new KafkaClients(config, "127.0.0.1:9", "test");
        assertThatThrownBy(clients::readingsProducer)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("linger.ms 40000")
                .hasMessageContaining("kafka.deliveryTimeout");
    }
}
