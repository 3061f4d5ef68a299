package org.envmon.simulator.signal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.envmon.simulator.episode.EpisodeKind;

/**
 * A sewage outfall: flow with a morning and an evening peak; concentrations around the plant's level;
 * a discharge spike multiplies flow and load for a few minutes.
 */
final class OutfallModel implements SignalModel {
    private static final List<Factor> FACTORS = List.of(Factor.FLOW, Factor.PH, Factor.COD, Factor.NH3N, Factor.TP);

    private final ZoneId zone;
    private final double baseFlow;
    private final MeanReverting flow = new MeanReverting(1.5, 0.08);
    private final MeanReverting load = new MeanReverting(0.6, 0.1);
    private final MeanReverting ph = new MeanReverting(1, 0.08);

    OutfallModel(ZoneId zone, double baseFlow) {
        this.zone = zone;
        this.baseFlow = baseFlow;
    }

    @Override
    public List<Factor> factors() {
        return FACTORS;
    }

    @Override
    public Map<Factor, Double> sample(
            SplittableRandom random, Instant time, double hours, Map<EpisodeKind, Double> episodes) {
        double hour = Diurnal.hourOfDay(time, zone);
        double spike = episodes.get(EpisodeKind.DISCHARGE);
        double peaks = 0.25 * Math.max(0, Diurnal.cycle(hour, 10)) + 0.2 * Math.max(0, Diurnal.cycle(hour, 20));
        double strength = 1 + load.step(random, hours) + 2.5 * spike;
        Map<Factor, Double> values = new LinkedHashMap<>();
        values.put(Factor.FLOW, Math.max(0, baseFlow * (0.8 + peaks + flow.step(random, hours)) * (1 + 3 * spike)));
        values.put(Factor.PH, 7.2 + ph.step(random, hours) - 0.8 * spike);
        values.put(Factor.COD, Math.max(5, 32 * strength));
        values.put(Factor.NH3N, Math.max(0.1, 3.2 * strength));
        values.put(Factor.TP, Math.max(0.05, 0.38 * strength));
        return values;
    }
}
