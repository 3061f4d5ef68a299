package org.envmon.ingest.payload;

/** How a message reached the service; the label is stored in rejected_message.transport and used in metrics. */
public enum Transport {
    MQTT("mqtt"),
    HJ212_TCP("hj212-tcp");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
