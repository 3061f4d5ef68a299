package org.envmon.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.envmon.ingest.config.EnvmonConfig.UnknownStationPolicy;
import org.envmon.ingest.config.EnvmonConfig.WriteStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvmonConfigTest {

    @TempDir
    Path dir;

    private Path yaml(String content) throws IOException {
        Path file = dir.resolve("envmon.yaml");
        Files.writeString(file, content);
        return file;
    }

    private static EnvmonConfig loadEnv(Map<String, String> env) {
        return EnvmonConfig.load(null, env);
    }

    @Test
    void load_defaults_produceDocumentedValues() {
        EnvmonConfig config = loadEnv(Map.of());

        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.database().user()).isEqualTo("postgres");
        assertThat(config.database().password()).isEmpty();
        assertThat(config.database().poolSize()).isEqualTo(4);
        assertThat(config.mqtt().host()).isEqualTo("0.0.0.0");
        assertThat(config.mqtt().port()).contains(1883);
        assertThat(config.mqtt().maxPacketSize()).isEqualTo(1_048_576);
        assertThat(config.mqtt().maxClientIdLength()).isEqualTo(128);
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.ingest().unknownStations()).isEqualTo(UnknownStationPolicy.REJECT);
        assertThat(config.ingest().maxPayloadBytes()).isEqualTo(524_288);
        assertThat(config.ingest().maxFutureSkew()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.ingest().defaultTimezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.ingest().batchMaxReadings()).isEqualTo(5000);
        assertThat(config.ingest().writeStrategy()).isEqualTo(WriteStrategy.COPY);
        assertThat(config.storage().retention()).isEqualTo(Duration.ofDays(3650));
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void load_defaults_anonymousMqttAccessOff() {
        assertThat(loadEnv(Map.of()).mqtt().allowAnonymous()).isFalse();
        assertThat(loadEnv(Map.of("ENVMON_MQTT_ALLOW_ANONYMOUS", "true")).mqtt().allowAnonymous())
                .isTrue();
    }

    @Test
    void load_shortApiToken_errorNamesKeyWithoutEchoingTheValue() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_HTTP_API_TOKEN", "short-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.apiToken")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void load_closedHealthWithoutToken_errorNamesKey() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_HTTP_OPEN_HEALTH_AND_METRICS", "false")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.openHealthAndMetrics");
    }

    @Test
    void load_tlsPortWithoutCertificate_errorNamesKey() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_MQTT_TLS_PORT", "8883")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.certificate")
                .hasMessageContaining("mqtt.tlsPort");
    }

    @Test
    void load_plainPortsOffTlsOnly_onlyTlsListenersConfigured() throws IOException {
        Path certificate = Files.writeString(dir.resolve("server.pem"), "certificate");
        Path key = Files.writeString(dir.resolve("server.key"), "key");
        Path file = yaml("""
                mqtt:
                  port: off
                  tlsPort: 8883
                hj212:
                  tlsPort: 9213
                tls:
                  certificate: %s
                  privateKey: %s
                """.formatted(certificate, key));

        EnvmonConfig config = EnvmonConfig.load(file, Map.of());

        assertThat(config.mqtt().port()).isEmpty();
        assertThat(config.mqtt().tlsPort()).contains(8883);
        assertThat(config.hj212().port()).isEmpty();
        assertThat(config.hj212().tlsPort()).contains(9213);
    }

    @Test
    void load_mqttPortOffFromEnvironment_noPlainListener() {
        EnvmonConfig config = loadEnv(Map.of("ENVMON_MQTT_PORT", "OFF", "ENVMON_HJ212_PORT", "9212"));

        assertThat(config.mqtt().port()).isEmpty();
        assertThat(config.hj212().port()).contains(9212);
    }

    @Test
    void load_everyListenerOff_errorNamesKey() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_MQTT_PORT", "off")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.port")
                .hasMessageContaining("would receive nothing");
    }

    @Test
    void load_tlsFileMissing_errorNamesKeyAndFile() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_TLS_PRIVATE_KEY", "/nonexistent/server.key")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.privateKey")
                .hasMessageContaining("/nonexistent/server.key");
    }

    @Test
    void load_yamlFile_valuesAreApplied() throws IOException {
        Path file = yaml("""
                dataDir: /var/lib/envmon
                mqtt:
                  port: 1999
                  maxClientIdLength: 64
                ingest:
                  unknownStations: register
                  writeStrategy: unnest
                  defaultTimezone: UTC
                storage:
                  retention: 30d
                """);

        EnvmonConfig config = EnvmonConfig.load(file, Map.of());

        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/envmon"));
        assertThat(config.mqtt().port()).contains(1999);
        assertThat(config.mqtt().maxClientIdLength()).isEqualTo(64);
        assertThat(config.ingest().unknownStations()).isEqualTo(UnknownStationPolicy.REGISTER);
        assertThat(config.ingest().writeStrategy()).isEqualTo(WriteStrategy.UNNEST);
        assertThat(config.ingest().defaultTimezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.storage().retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void load_environment_overridesFileValues() throws IOException {
        Path file = yaml("""
                mqtt: {port: 1999}
                db: {url: "jdbc:postgresql://file-host:5432/envmon"}
                ingest: {unknownStations: reject, batchMaxReadings: 100}
                """);

        EnvmonConfig config = EnvmonConfig.load(
                file,
                Map.of(
                        "ENVMON_MQTT_PORT", "2883",
                        "ENVMON_DB_URL", "jdbc:postgresql://env-host:5432/envmon",
                        "ENVMON_UNKNOWN_STATIONS", "register",
                        "ENVMON_INGEST_BATCH_MAX_READINGS", "250"));

        assertThat(config.mqtt().port()).contains(2883);
        assertThat(config.database().url()).contains("jdbc:postgresql://env-host:5432/envmon");
        assertThat(config.database().embedded()).isFalse();
        assertThat(config.ingest().unknownStations()).isEqualTo(UnknownStationPolicy.REGISTER);
        assertThat(config.ingest().batchMaxReadings()).isEqualTo(250);
    }

    @Test
    void load_unrelatedEnvironmentVariables_areIgnored() {
        EnvmonConfig config = loadEnv(Map.of("PATH", "/usr/bin", "ENVMON_NOT_A_KEY", "x"));

        assertThat(config.mqtt().port()).contains(1883);
    }

    @Test
    void load_nonNumericPortInFile_throwsNamingKeyAndEnv() throws IOException {
        Path file = yaml("mqtt: {port: abc}\n");

        assertThatThrownBy(() -> EnvmonConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.port")
                .hasMessageContaining("ENVMON_MQTT_PORT");
    }

    @Test
    void load_invalidUnknownStationsPolicy_throwsNamingKeyAndEnv() throws IOException {
        Path file = yaml("ingest: {unknownStations: maybe}\n");

        assertThatThrownBy(() -> EnvmonConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.unknownStations")
                .hasMessageContaining("ENVMON_UNKNOWN_STATIONS")
                .hasMessageContaining("maybe");
    }

    @Test
    void load_invalidMaxFutureSkew_throwsNamingKeyAndEnv() throws IOException {
        Path file = yaml("ingest: {maxFutureSkew: ten minutes}\n");

        assertThatThrownBy(() -> EnvmonConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.maxFutureSkew")
                .hasMessageContaining("ENVMON_INGEST_MAX_FUTURE_SKEW")
                .hasMessageContaining("ten minutes");
    }

    @Test
    void load_nonPostgresDbUrl_throwsNamingKeyAndEnv() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_DB_URL", "jdbc:mysql://localhost/envmon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.url")
                .hasMessageContaining("ENVMON_DB_URL")
                .hasMessageContaining("jdbc:mysql://localhost/envmon");
    }

    @Test
    void load_unknownTimezone_throwsNamingKey() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_INGEST_DEFAULT_TIMEZONE", "Mars/Olympus")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.defaultTimezone")
                .hasMessageContaining("ENVMON_INGEST_DEFAULT_TIMEZONE");
    }

    @Test
    void load_maxPayloadEqualToMaxPacketSize_isRefused() throws IOException {
        Path file = yaml("""
                mqtt: {maxPacketSize: 65536}
                ingest: {maxPayloadBytes: 65536}
                """);

        assertThatThrownBy(() -> EnvmonConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.maxPayloadBytes")
                .hasMessageContaining("mqtt.maxPacketSize");
    }

    @Test
    void load_maxPayloadLargerThanMaxPacketSize_isRefused() {
        assertThatThrownBy(() -> loadEnv(Map.of("ENVMON_INGEST_MAX_PAYLOAD_BYTES", "2000000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.maxPayloadBytes")
                .hasMessageContaining("ENVMON_INGEST_MAX_PAYLOAD_BYTES");
    }

    @Test
    void load_maxPayloadJustBelowMaxPacketSize_isAccepted() {
        EnvmonConfig config = loadEnv(Map.of(
                "ENVMON_MQTT_MAX_PACKET_SIZE", "65536",
                "ENVMON_INGEST_MAX_PAYLOAD_BYTES", "65535"));

        assertThat(config.ingest().maxPayloadBytes()).isEqualTo(65535);
        assertThat(config.mqtt().maxPacketSize()).isEqualTo(65536);
    }
}
