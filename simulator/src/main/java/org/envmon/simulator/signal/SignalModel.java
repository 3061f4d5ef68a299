package org.envmon.simulator.signal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.envmon.simulator.episode.EpisodeKind;

/** The undisturbed physics of one kind of station, plus how episodes push it around. */
interface SignalModel {
    /** The factors the station measures, in the order it reports them. */
    List<Factor> factors();

    /** Values at {@code time}, {@code hours} after the previous sample, under the given episode intensities. */
    Map<Factor, Double> sample(SplittableRandom random, Instant time, double hours, Map<EpisodeKind, Double> episodes);
}
