package org.envmon.ingest.config;

import java.util.List;
import java.util.Locale;

/**
 * One documented configuration key: its dotted YAML path, the environment variable that overrides
 * it, its default (null when it has none), its type (with the allowed values of a choice) and a
 * one-line description. The reference docs are checked against these declarations, and the
 * loader reads each key only as its declared type.
 */
public record ConfigKey(
        String path, String env, String defaultValue, Type type, List<String> choices, String description) {

    /** What a key's value is; {@link #label} is how the reference docs show it. */
    public enum Type {
        TEXT("text"),
        ADDRESS("address"),
        SECRET("secret"),
        PATH("path"),
        URL("URL"),
        ZONE("time zone"),
        INTEGER("integer"),
        PORT("port"),
        PORT_OR_OFF("port or off"),
        BOOLEAN("true or false"),
        DURATION("duration"),
        CHOICE("one of");

        private final String label;

        Type(String label) {
            this.label = label;
        }
    }

    public ConfigKey {
        choices = List.copyOf(choices);
        if ((type == Type.CHOICE) == choices.isEmpty()) {
            throw new IllegalArgumentException(path + ": a choice, and only a choice, lists its values");
        }
    }

    static ConfigKey of(String path, String defaultValue, Type type, String description) {
        return new ConfigKey(path, envNameFor(path), defaultValue, type, List.of(), description);
    }

    static ConfigKey withEnv(String path, String env, String defaultValue, Type type, String description) {
        return new ConfigKey(path, env, defaultValue, type, List.of(), description);
    }

    static ConfigKey choice(String path, String defaultValue, List<String> choices, String description) {
        return new ConfigKey(path, envNameFor(path), defaultValue, Type.CHOICE, choices, description);
    }

    static ConfigKey choiceWithEnv(
            String path, String env, String defaultValue, List<String> choices, String description) {
        return new ConfigKey(path, env, defaultValue, Type.CHOICE, choices, description);
    }

    /** The type as the reference docs show it, e.g. {@code duration} or {@code one of reject, register}. */
    public String typeLabel() {
        return type == Type.CHOICE ? type.label + " " + String.join(", ", choices) : type.label;
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
