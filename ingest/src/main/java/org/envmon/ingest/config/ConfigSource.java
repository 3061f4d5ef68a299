package org.envmon.ingest.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Raw configuration values by key: built-in defaults, overlaid by the YAML file, overlaid by
 * environment variables. Typed getters validate and name the offending key in every error.
 */
public final class ConfigSource {
    private final Map<String, String> values;
    private final Map<String, String> origins;

    private ConfigSource(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /** Loads defaults, then {@code file} (may be null), then the given environment. */
    public static ConfigSource load(Path file, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> origins = new HashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.defaultValue() != null) {
                values.put(key.path(), key.defaultValue());
                origins.put(key.path(), "default");
            }
        }
        if (file != null) {
            for (Map.Entry<String, String> entry : readYaml(file).entrySet()) {
                if (!ConfigKeys.BY_PATH.containsKey(entry.getKey())) {
                    throw new ConfigException("Unknown configuration key '" + entry.getKey() + "' in " + file
                            + "; see docs/configuration.md for the keys envmon understands");
                }
                if (entry.getValue() != null) {
                    values.put(entry.getKey(), entry.getValue());
                    origins.put(entry.getKey(), file.toString());
                }
            }
        }
        for (ConfigKey key : ConfigKeys.ALL) {
            String fromEnv = environment.get(key.env());
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(key.path(), fromEnv.trim());
                origins.put(key.path(), "environment " + key.env());
            }
        }
        return new ConfigSource(values, origins);
    }

    /**
     * Reads the file with a streaming parser so that every scalar keeps the text the operator wrote
     * ({@code password: 0123} stays "0123", not the octal number 83). A null value is kept as null so
     * that an unknown key is still reported while a known one falls back to its default.
     */
    private static Map<String, String> readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Configuration file " + file + " does not exist or is not a file");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return flat;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException("Configuration file " + file + " must hold a YAML mapping at the top level");
            }
            readMapping(parser, "", flat);
        } catch (JacksonException e) {
            throw new ConfigException(
                    "Configuration file " + file + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return flat;
    }

    private static void readMapping(JsonParser parser, String prefix, Map<String, String> out) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT) {
                readMapping(parser, key + ".", out);
            } else if (value == JsonToken.START_ARRAY) {
                throw new ConfigException("Configuration key '" + key + "' must be a single value, not a list");
            } else if (value == JsonToken.VALUE_NULL) {
                out.put(key, null);
            } else {
                out.put(key, parser.getText());
            }
        }
    }

    public Optional<String> optional(ConfigKey key) {
        String value = values.get(key.path());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** True when the key is set to {@code off}, the way a listener that has a default port is switched off. */
    public boolean isOff(ConfigKey key) {
        return optional(key).map(value -> value.equalsIgnoreCase("off")).orElse(false);
    }

    public String string(ConfigKey key) {
        return optional(key).orElseThrow(() -> error(key, "is required"));
    }

    public int integer(ConfigKey key, int min, int max) {
        requireType(key, ConfigKey.Type.INTEGER, ConfigKey.Type.PORT, ConfigKey.Type.PORT_OR_OFF);
        String raw = string(key);
        try {
            int value = Integer.parseInt(raw.replace("_", ""));
            if (value < min || value > max) {
                throw error(key, "must be between " + min + " and " + max + ", got " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(key, "must be a whole number, got '" + raw + "'");
        }
    }

    public boolean bool(ConfigKey key) {
        requireType(key, ConfigKey.Type.BOOLEAN);
        String raw = string(key).trim().toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "must be true or false, got '" + raw + "'");
        };
    }

    public Duration duration(ConfigKey key, Duration min) {
        requireType(key, ConfigKey.Type.DURATION);
        String raw = string(key);
        Duration value = Durations.parse(raw)
                .orElseThrow(
                        () -> error(key, "must be a duration such as 500ms, 30s, 10m, 2h or 7d, got '" + raw + "'"));
        if (value.compareTo(min) < 0) {
            throw error(key, "must be at least " + Durations.format(min) + ", got " + raw);
        }
        return value;
    }

    public <E extends Enum<E>> E choice(ConfigKey key, Class<E> type) {
        requireType(key, ConfigKey.Type.CHOICE);
        List<String> constants = Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .toList();
        if (!constants.equals(key.choices())) {
            throw new IllegalStateException(key.path() + " declares " + key.choices() + " but is read as " + constants);
        }
        String raw = string(key);
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : " | ")
                        .append(constant.name().toLowerCase(Locale.ROOT));
            }
            throw error(key, "must be one of " + allowed + ", got '" + raw + "'");
        }
    }

    /** A key read as another type than it is declared with is a bug of the service, not of its configuration. */
    private static void requireType(ConfigKey key, ConfigKey.Type... allowed) {
        if (!Arrays.asList(allowed).contains(key.type())) {
            throw new IllegalStateException(
                    key.path() + " is declared " + key.type() + " but read as " + Arrays.toString(allowed));
        }
    }

    ConfigException error(ConfigKey key, String problem) {
        String origin = origins.getOrDefault(key.path(), "unset");
        return new ConfigException(
                "Configuration key " + key.describeSource() + " " + problem + " (from " + origin + ")");
    }
}
