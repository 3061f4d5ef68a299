package org.envmon.ingest.http;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** The body of {@code GET /health}. */
public record HealthReport(String status, Mqtt mqtt, Database database, Queue queue) {

    public record Mqtt(boolean listening, int port, int connections) {
    }

    public record Database(boolean reachable, String mode, boolean embedded) {
    }

    public record Queue(long bytes, long maxBytes, int requests) {
    }

    public static HealthReport of(Mqtt mqtt, Database database, Queue queue) {
        String status = mqtt.listening() && database.reachable() ? "up" : "down";
        return new HealthReport(status, mqtt, database, queue);
    }

    public static HealthReport starting() {
        return new HealthReport("starting", null, null, null);
    }

    @JsonIgnore
    public boolean isUp() {
        return "up".equals(status);
    }
}
