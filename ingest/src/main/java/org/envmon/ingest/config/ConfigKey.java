package org.envmon.ingest.config;

import java.util.Locale;

/**
 * One documented configuration key: its dotted YAML path, the environment variable that overrides
 * it, its default (null when it has none) and a one-line description for the reference docs.
 */
public record ConfigKey(String path, String env, String defaultValue, String description) {

    static ConfigKey of(String path, String defaultValue, String description) {
        return new ConfigKey(path, envNameFor(path), defaultValue, description);
    }

    static ConfigKey withEnv(String path, String env, String defaultValue, String description) {
        return new ConfigKey(path, env, defaultValue, description);
    }

    /** {@code mqtt.maxPacketSize} becomes {@code ENVMON_MQTT_MAX_PACKET_SIZE}. */
    static String envNameFor(String path) {
        StringBuilder env = new StringBuilder("ENVMON_");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.') {
                env.append('_');
            } else if (Character.isUpperCase(c)) {
                env.append('_').append(c);
            } else {
                env.append(Character.toUpperCase(c));
            }
        }
        return env.toString().toUpperCase(Locale.ROOT);
    }

    String describeSource() {
        return "'" + path + "' (env " + env + ")";
    }
}
