package org.envmon.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.envmon.ingest.config.EnvmonConfig.UnknownStationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    @TempDir
    Path dir;

    private Path yaml(String content) throws IOException {
        Path file = dir.resolve("envmon.yaml");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void load_noFileNoEnvironment_yieldsDefaults() {
        ConfigSource source = ConfigSource.load(null, Map.of());

        assertThat(source.integer(ListenerKeys.MQTT_PORT, 0, 65535)).isEqualTo(1883);
        assertThat(source.string(ConfigKeys.DATA_DIR)).isEqualTo("./data");
        assertThat(source.duration(ConfigKeys.INGEST_MAX_FUTURE_SKEW, Duration.ZERO))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(source.choice(ConfigKeys.INGEST_UNKNOWN_STATIONS, UnknownStationPolicy.class))
                .isEqualTo(UnknownStationPolicy.REJECT);
        assertThat(source.optional(ConfigKeys.DB_URL)).isEmpty();
    }

    @Test
    void load_nestedYamlKeys_areFlattenedToDottedPaths() throws IOException {
        Path file = yaml("""
                mqtt:
                  port: 1999
                db:
                  embedded:
                    port: 5433
                ingest:
                  maxFutureSkew: 5m
                """);

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.integer(ListenerKeys.MQTT_PORT, 0, 65535)).isEqualTo(1999);
        assertThat(source.integer(ConfigKeys.DB_EMBEDDED_PORT, 0, 65535)).isEqualTo(5433);
        assertThat(source.duration(ConfigKeys.INGEST_MAX_FUTURE_SKEW, Duration.ZERO))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void load_flowStyleYaml_isRead() throws IOException {
        Path file = yaml("mqtt: {port: 1999}\n");

        assertThat(ConfigSource.load(file, Map.of()).integer(ListenerKeys.MQTT_PORT, 0, 65535))
                .isEqualTo(1999);
    }

    @Test
    void load_environmentVariable_overridesFileValue() throws IOException {
        Path file = yaml("mqtt: {port: 1999}\n");

        ConfigSource source = ConfigSource.load(file, Map.of("ENVMON_MQTT_PORT", " 2883 "));

        assertThat(source.integer(ListenerKeys.MQTT_PORT, 0, 65535)).isEqualTo(2883);
    }

    @Test
    void load_blankEnvironmentVariable_keepsFileValue() throws IOException {
        Path file = yaml("mqtt: {port: 1999}\n");

        ConfigSource source = ConfigSource.load(file, Map.of("ENVMON_MQTT_PORT", "  "));

        assertThat(source.integer(ListenerKeys.MQTT_PORT, 0, 65535)).isEqualTo(1999);
    }

    @Test
    void load_unknownKeyInFile_throwsNamingTheKey() throws IOException {
        Path file = yaml("mqtt:\n  prot: 1999\n");

        assertThatThrownBy(() -> ConfigSource.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mqtt.prot'");
    }

    @Test
    void load_listValue_throwsNamingTheKey() throws IOException {
        Path file = yaml("mqtt:\n  host: [a, b]\n");

        assertThatThrownBy(() -> ConfigSource.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mqtt.host'");
    }

    @Test
    void load_missingFile_throwsConfigException() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigSource.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void load_invalidYaml_throwsConfigException() throws IOException {
        Path file = yaml("mqtt:\n  host: \"unterminated\n");

        assertThatThrownBy(() -> ConfigSource.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void load_topLevelScalar_throwsConfigException() throws IOException {
        Path file = yaml("just a string\n");

        assertThatThrownBy(() -> ConfigSource.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mapping");
    }

    @Test
    void load_emptyYamlDocument_yieldsDefaults() throws IOException {
        Path file = yaml("---\n");

        assertThat(ConfigSource.load(file, Map.of()).integer(ListenerKeys.MQTT_PORT, 0, 65535))
                .isEqualTo(1883);
    }

    @Test
    void load_commentOnlyFile_yieldsDefaults() throws IOException {
        Path file = yaml("# nothing configured yet\n");

        assertThat(ConfigSource.load(file, Map.of()).integer(ListenerKeys.MQTT_PORT, 0, 65535))
                .isEqualTo(1883);
    }

    @Test
    void load_scalarsThatLookLikeNumbers_keepTheTextAsWritten() throws IOException {
        Path file = yaml("db:\n  password: 0123\n  user: 1e3\n");

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.string(ConfigKeys.DB_PASSWORD)).isEqualTo("0123");
        assertThat(source.string(ConfigKeys.DB_USER)).isEqualTo("1e3");
    }

    @Test
    void load_unknownKeyWithoutValue_throwsNamingTheKey() throws IOException {
        Path file = yaml("mqtt:\n  prot:\n");

        assertThatThrownBy(() -> ConfigSource.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.prot");
    }

    @Test
    void load_knownKeyWithoutValue_keepsDefault() throws IOException {
        Path file = yaml("mqtt:\n  port:\n");

        assertThat(ConfigSource.load(file, Map.of()).integer(ListenerKeys.MQTT_PORT, 0, 65535))
                .isEqualTo(1883);
    }

    @Test
    void duration_overflowingValue_throwsNamingKey() {
        ConfigSource source = ConfigSource.load(null, Map.of("ENVMON_SHUTDOWN_TIMEOUT", "99999999999999999999s"));

        assertThatThrownBy(() -> source.duration(ConfigKeys.SHUTDOWN_TIMEOUT, Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shutdown.timeout")
                .hasMessageContaining("ENVMON_SHUTDOWN_TIMEOUT");
    }

    @Test
    void integer_nonNumericValue_throwsNamingKeyEnvAndOrigin() throws IOException {
        Path file = yaml("mqtt: {port: abc}\n");
        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThatThrownBy(() -> source.integer(ListenerKeys.MQTT_PORT, 0, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mqtt.port'")
                .hasMessageContaining("ENVMON_MQTT_PORT")
                .hasMessageContaining("'abc'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void integer_outOfRange_throwsNamingBounds() {
        ConfigSource source = ConfigSource.load(null, Map.of("ENVMON_MQTT_PORT", "70000"));

        assertThatThrownBy(() -> source.integer(ListenerKeys.MQTT_PORT, 0, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mqtt.port'")
                .hasMessageContaining("between 0 and 65535")
                .hasMessageContaining("environment ENVMON_MQTT_PORT");
    }

    @Test
    void integer_underscoreSeparators_areIgnored() {
        ConfigSource source = ConfigSource.load(null, Map.of("ENVMON_INGEST_BATCH_MAX_READINGS", "10_000"));

        assertThat(source.integer(ConfigKeys.INGEST_BATCH_MAX_READINGS, 1, 1_000_000))
                .isEqualTo(10_000);
    }

    @Test
    void duration_belowMinimum_throwsNamingKey() {
        ConfigSource source = ConfigSource.load(null, Map.of("ENVMON_SHUTDOWN_TIMEOUT", "500ms"));

        assertThatThrownBy(() -> source.duration(ConfigKeys.SHUTDOWN_TIMEOUT, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'shutdown.timeout'")
                .hasMessageContaining("at least 1s");
    }

    @Test
    void choice_caseInsensitiveValue_isAccepted() {
        ConfigSource source = ConfigSource.load(null, Map.of("ENVMON_UNKNOWN_STATIONS", "Register"));

        assertThat(source.choice(ConfigKeys.INGEST_UNKNOWN_STATIONS, UnknownStationPolicy.class))
                .isEqualTo(UnknownStationPolicy.REGISTER);
    }

    @Test
    void choice_unknownValue_throwsListingAllowedValues() {
        ConfigSource source = ConfigSource.load(null, Map.of("ENVMON_UNKNOWN_STATIONS", "maybe"));

        assertThatThrownBy(() -> source.choice(ConfigKeys.INGEST_UNKNOWN_STATIONS, UnknownStationPolicy.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ingest.unknownStations'")
                .hasMessageContaining("ENVMON_UNKNOWN_STATIONS")
                .hasMessageContaining("reject | register");
    }

    @Test
    void string_requiredKeyWithoutValue_throwsIsRequired() {
        ConfigSource source = ConfigSource.load(null, Map.of());

        assertThatThrownBy(() -> source.string(ConfigKeys.DB_URL))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'db.url'")
                .hasMessageContaining("is required");
    }

    @Test
    void envNameFor_camelCaseDottedPath_becomesUpperSnakeCase() {
        assertThat(ConfigKey.envNameFor("ingest.batchMaxReadings")).isEqualTo("ENVMON_INGEST_BATCH_MAX_READINGS");
        assertThat(ConfigKey.envNameFor("mqtt.maxPacketSize")).isEqualTo("ENVMON_MQTT_MAX_PACKET_SIZE");
        assertThat(ConfigKey.envNameFor("db.embedded.port")).isEqualTo("ENVMON_DB_EMBEDDED_PORT");
        assertThat(ConfigKeys.INGEST_BATCH_MAX_READINGS.env()).isEqualTo("ENVMON_INGEST_BATCH_MAX_READINGS");
    }

    @Test
    void allKeys_pathsAndEnvNames_areUniqueAndPrefixed() {
        Set<String> paths = new HashSet<>();
        Set<String> envs = new HashSet<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(paths.add(key.path()))
                    .as("duplicate path %s", key.path())
                    .isTrue();
            assertThat(envs.add(key.env())).as("duplicate env %s", key.env()).isTrue();
            assertThat(key.env()).startsWith("ENVMON_");
        }
    }
}
