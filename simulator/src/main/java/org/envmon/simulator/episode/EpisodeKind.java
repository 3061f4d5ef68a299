package org.envmon.simulator.episode;

/** Events that move a station's signals away from their normal behaviour. */
public enum EpisodeKind {
    /** Rain: turbidity, COD(Mn) and NH3-N rise with the runoff (river sections). */
    RAIN,
    /** A pollution spill upstream: NH3-N and TP rise over hours, DO sags, then all recover. */
    SPILL,
    /** A dust storm: particulates several times their working-hours level (dust sites). */
    DUST_STORM,
    /** A discharge spike at an outfall: flow and load jump for a short time. */
    DISCHARGE
}
