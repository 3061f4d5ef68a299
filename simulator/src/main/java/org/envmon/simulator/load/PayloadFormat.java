package org.envmon.simulator.load;

/** What the stations put on the wire. */
public enum PayloadFormat {
    JSON,
    HJ212
}
