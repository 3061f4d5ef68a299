package org.envmon.simulator.episode;

/** The ways a station misbehaves. */
public enum FaultKind {
    /** One sensor repeats its last value. */
    STUCK,
    /** One factor is missing from the samples. */
    DROPOUT,
    /** One sensor reports a value outside its physical range, flagged T. */
    OUT_OF_RANGE,
    /** The whole station is under maintenance: every value flagged M. */
    MAINTENANCE,
    /** One sensor is being calibrated: its values flagged C. */
    CALIBRATION,
    /** One sensor is faulty: its values flagged D. */
    SENSOR_FAULT,
    /** The station loses its connection, keeps its samples, and replays the backlog when it is back. */
    OFFLINE
}
