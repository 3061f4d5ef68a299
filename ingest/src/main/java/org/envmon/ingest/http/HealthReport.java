package org.envmon.ingest.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code GET /health}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthReport(String status, Listener mqtt, Listener hj212, Database database, Queue queue, Spool spool) {

    /**
     * The listeners of one protocol; absent when that protocol has none. {@code port} and
     * {@code tlsPort} are absent when that listener is off.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Listener(boolean listening, Integer port, Integer tlsPort, int connections) {}

    public record Database(boolean reachable, String mode, boolean embedded) {}

    public record Queue(long bytes, long maxBytes, int requests) {}

    /** The disk spool; {@code enabled} false when spool.enabled=false. */
    public record Spool(
            boolean enabled, boolean spooling, long bytes, long maxBytes, long records, long oldestAgeSeconds) {
        public static final Spool DISABLED = new Spool(false, false, 0, 0, 0, 0);
    }

    public static final String DEGRADED_SPOOLING = "degraded: spooling";

    public static HealthReport of(Listener mqtt, Listener hj212, Database database, Queue queue, Spool spool) {
        boolean listening = (mqtt == null || mqtt.listening()) && (hj212 == null || hj212.listening());
        String status;
        if (!listening) {
            status = "down";
        } else if (spool.spooling()) {
            status = DEGRADED_SPOOLING;
        } else {
            status = database.reachable() ? "up" : "down";
        }
        return new HealthReport(status, mqtt, hj212, database, queue, spool);
    }

    public static HealthReport starting() {
        return new HealthReport("starting", null, null, null, null, null);
    }

    /** Up, or degraded but still taking and acknowledging data (answered with HTTP 200). */
    @JsonIgnore
    public boolean isUp() {
        return "up".equals(status) || DEGRADED_SPOOLING.equals(status);
    }
}
