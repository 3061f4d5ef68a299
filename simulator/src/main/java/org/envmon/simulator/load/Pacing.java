package org.envmon.simulator.load;

/** How a run issues its messages. */
public enum Pacing {
    /** The plan's rate on the clock: each station samples every {@code stations / rate} seconds. */
    FIXED_RATE,
    /**
     * As fast as acknowledgements return: every connection's in-flight window stays full with about
     * one more window waiting behind it, so the platform, not the clock, sets the rate. Sample times
     * start a day back and step one second per round of stations, so they stay distinct per station
     * and never run into the future: the backlog a station replays after an outage.
     */
    SATURATE
}
