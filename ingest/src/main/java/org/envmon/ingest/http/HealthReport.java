package org.envmon.ingest.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code GET /health}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthReport(
        String status,
        String role,
        Listener mqtt,
        Listener hj212,
        Database database,
        Queue queue,
        Spool spool,
        Kafka kafka) {

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

    /**
     * Kafka as a scale-out role sees it: {@code reachable} when the brokers answer, {@code taking} while
     * deliveries succeed (an edge acknowledges stations only then); {@code error} says why not.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Kafka(boolean reachable, boolean taking, int brokers, String error) {}

    public static final String DEGRADED_SPOOLING = "degraded: spooling";
    public static final String NOT_ACKNOWLEDGING = "degraded: not acknowledging (Kafka does not take messages)";
    public static final String WRITER_WAITING = "degraded: not writing (database unreachable; Kafka keeps the data)";

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
        return new HealthReport(status, null, mqtt, hj212, database, queue, spool, null);
    }

    /**
     * A process of a scale-out role: an edge ({@code database} null) is up while it listens and Kafka takes
     * its messages; a writer ({@code mqtt}, {@code hj212} and {@code queue} null) while the database and
     * Kafka answer; {@code all} needs both. {@code problem}, when not null, is what else keeps the process
     * from doing its work (a stopped thread, a partition held at a record it cannot read).
     */
    public static HealthReport ofRole(
            String role, Listener mqtt, Listener hj212, Database database, Queue queue, Kafka kafka, String problem) {
        boolean listening = (mqtt == null || mqtt.listening()) && (hj212 == null || hj212.listening());
        String status;
        if (!listening || !kafka.reachable()) {
            status = "down";
        } else if (problem != null) {
            status = "degraded: " + problem;
        } else if (queue != null && !kafka.taking()) {
            status = NOT_ACKNOWLEDGING;
        } else if (database != null && !database.reachable()) {
            status = WRITER_WAITING;
        } else {
            status = "up";
        }
        return new HealthReport(status, role, mqtt, hj212, database, queue, null, kafka);
    }

    public static HealthReport starting() {
        return new HealthReport("starting", null, null, null, null, null, null, null);
    }

    /** Up, or degraded but still taking and acknowledging data (answered with HTTP 200). */
    @JsonIgnore
    public boolean isUp() {
        return "up".equals(status) || DEGRADED_SPOOLING.equals(status);
    }
}
