package org.envmon.simulator.signal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.envmon.simulator.episode.EpisodeKind;

/**
 * A river section: water temperature, DO and pH follow the sun (photosynthesis lifts DO and pH in the
 * afternoon); pollutants sit at a base level that fits the section's target class and wander; rain
 * brings turbidity, COD(Mn) and NH3-N; a spill brings NH3-N and TP and takes DO away.
 */
final class RiverModel implements SignalModel {
    private static final List<Factor> FACTORS = List.of(
            Factor.PH,
            Factor.DO,
            Factor.WATER_TEMP,
            Factor.CONDUCTIVITY,
            Factor.TURBIDITY,
            Factor.CODMN,
            Factor.NH3N,
            Factor.TP);

    private final ZoneId zone;
    private final double codmnBase;
    private final double nh3nBase;
    private final double tpBase;
    private final MeanReverting temp = new MeanReverting(0.5, 0.3);
    private final MeanReverting oxygen = new MeanReverting(1.0, 0.25);
    private final MeanReverting ph = new MeanReverting(1.0, 0.05);
    private final MeanReverting conductivity = new MeanReverting(0.3, 8);
    private final MeanReverting turbidity = new MeanReverting(0.8, 1.5);
    private final MeanReverting organics = new MeanReverting(0.4, 0.08);
    private final MeanReverting nutrients = new MeanReverting(0.4, 0.06);

    /** @param targetClass GB 3838 target class I-V; the base pollutant levels sit comfortably inside it */
    RiverModel(ZoneId zone, String targetClass) {
        this.zone = zone;
        switch (targetClass) {
            case "I", "II" -> {
                codmnBase = 2.6;
                nh3nBase = 0.25;
                tpBase = 0.06;
            }
            case "IV" -> {
                codmnBase = 7.5;
                nh3nBase = 1.1;
                tpBase = 0.22;
            }
            case "V" -> {
                codmnBase = 11;
                nh3nBase = 1.6;
                tpBase = 0.32;
            }
            default -> {
                codmnBase = 4.2;
                nh3nBase = 0.55;
                tpBase = 0.12;
            }
        }
    }

    @Override
    public List<Factor> factors() {
        return FACTORS;
    }

    @Override
    public Map<Factor, Double> sample(
            SplittableRandom random, Instant time, double hours, Map<EpisodeKind, Double> episodes) {
        double hour = Diurnal.hourOfDay(time, zone);
        double rain = episodes.get(EpisodeKind.RAIN);
        double spill = episodes.get(EpisodeKind.SPILL);
        double waterTemp = 18 + 2.5 * Diurnal.cycle(hour, 15) + temp.step(random, hours);
        double saturation = 14.6 - 0.39 * waterTemp + 0.007 * waterTemp * waterTemp;
        double dissolved = saturation
                - 1.2
                + 1.1 * Diurnal.cycle(hour, 14)
                + oxygen.step(random, hours)
                - 0.4 * rain
                - 2.5 * spill;
        double acidity = 7.6 + 0.25 * Diurnal.cycle(hour, 15) + ph.step(random, hours) - 0.15 * rain;
        double organic = 1 + organics.step(random, hours);
        double nutrient = 1 + nutrients.step(random, hours);
        Map<Factor, Double> values = new LinkedHashMap<>();
        values.put(Factor.PH, acidity);
        values.put(Factor.DO, Math.max(0.2, dissolved));
        values.put(Factor.WATER_TEMP, waterTemp);
        values.put(Factor.CONDUCTIVITY, Math.max(50, 420 + conductivity.step(random, hours) + 60 * spill - 80 * rain));
        values.put(Factor.TURBIDITY, Math.max(0.5, 12 + turbidity.step(random, hours) + 180 * rain));
        values.put(Factor.CODMN, Math.max(0.5, codmnBase * organic * (1 + 0.8 * rain + 0.3 * spill)));
        values.put(Factor.NH3N, Math.max(0.02, nh3nBase * nutrient * (1 + 0.6 * rain) + 1.8 * spill));
        values.put(Factor.TP, Math.max(0.005, tpBase * nutrient * (1 + 0.5 * rain) + 0.35 * spill));
        return values;
    }
}
