package org.envmon.alerting;

/**
 * Where the time between a committed reading and its delivered notification goes, stage by stage;
 * the service records these as a metric. Called on the engine's own threads, so it must not block.
 */
public interface AlertTimings {
    AlertTimings NONE = (stage, nanos) -> {};

    enum Stage {
        /** A committed batch waiting in the engine's queue, from the hand-over to the start of its evaluation. */
        QUEUED("queued"),
        /** Evaluating one batch, storing the alert changes it causes included. */
        EVALUATED("evaluated"),
        /** Storing one alert change with its notifications, one transaction. */
        STORED("stored"),
        /** A stored notification until its first try returned successfully (the wait for a sender thread included). */
        DELIVERED("delivered");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    void record(Stage stage, long nanos);
}
