package org.envmon.ingest.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code GET /health}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthReport(String status, Listener mqtt, Listener hj212, Database database, Queue queue) {

    /** A network listener; {@code hj212} is absent when that listener is off. */
    public record Listener(boolean listening, int port, int connections) {
    }

    public record Database(boolean reachable, String mode, boolean embedded) {
    }

    public record Queue(long bytes, long maxBytes, int requests) {
    }

    public static HealthReport of(Listener mqtt, Listener hj212, Database database, Queue queue) {
        boolean listening = mqtt.listening() && (hj212 == null || hj212.listening());
        String status = listening && database.reachable() ? "up" : "down";
        return new HealthReport(status, mqtt, hj212, database, queue);
    }

    public static HealthReport starting() {
        return new HealthReport("starting", null, null, null, null);
    }

    @JsonIgnore
    public boolean isUp() {
        return "up".equals(status);
    }
}
