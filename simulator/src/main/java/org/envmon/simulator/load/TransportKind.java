package org.envmon.simulator.load;

/** How the stations reach the platform. */
public enum TransportKind {
    MQTT,
    HJ212_TCP
}
