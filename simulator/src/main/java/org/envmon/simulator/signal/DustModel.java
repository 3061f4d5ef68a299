package org.envmon.simulator.signal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.envmon.simulator.episode.EpisodeKind;

/**
 * A construction site: particulates rise with working hours (07-12, 13-18, less on Sundays), more so
 * in dry, moderately windy weather; a dust storm multiplies them. Noise follows the machinery.
 */
final class DustModel implements SignalModel {
    private static final List<Factor> FACTORS = List.of(
            Factor.TSP,
            Factor.PM10,
            Factor.PM25,
            Factor.AIR_TEMP,
            Factor.HUMIDITY,
            Factor.WIND_SPEED,
            Factor.WIND_DIRECTION,
            Factor.NOISE);

    private final ZoneId zone;
    private final double activityScale;
    private final MeanReverting background = new MeanReverting(0.3, 8);
    private final MeanReverting air = new MeanReverting(0.5, 0.6);
    private final MeanReverting moisture = new MeanReverting(0.4, 3);
    private final MeanReverting gust = new MeanReverting(2, 1.2);
    private final MeanReverting veer = new MeanReverting(0.2, 25);
    private final MeanReverting machinery = new MeanReverting(3, 2);

    DustModel(ZoneId zone, double activityScale) {
        this.zone = zone;
        this.activityScale = activityScale;
    }

    @Override
    public List<Factor> factors() {
        return FACTORS;
    }

    @Override
    public Map<Factor, Double> sample(
            SplittableRandom random, Instant time, double hours, Map<EpisodeKind, Double> episodes) {
        double hour = Diurnal.hourOfDay(time, zone);
        boolean sunday = time.atZone(zone).getDayOfWeek() == DayOfWeek.SUNDAY;
        boolean working = (hour >= 7 && hour < 12) || (hour >= 13 && hour < 18);
        double activity = working ? (sunday ? 0.3 : 1.0) * activityScale : 0.05;
        double storm = episodes.get(EpisodeKind.DUST_STORM);
        double temperature = 20 + 5 * Diurnal.cycle(hour, 15) + air.step(random, hours);
        double humidity = clamp(65 - 15 * Diurnal.cycle(hour, 15) + moisture.step(random, hours), 15, 99);
        double wind = Math.max(0, 1.8 + 0.8 * Diurnal.cycle(hour, 14) + gust.step(random, hours) + 6 * storm);
        // moderate wind lifts site dust, strong wind dilutes it; damp air keeps it down
        double lift = (1 + 0.35 * Math.min(wind, 5) - 0.08 * Math.max(0, wind - 5)) * (1.3 - humidity / 100);
        double pm10 = Math.max(8, 55 + background.step(random, hours) + 90 * activity * lift) * (1 + 3 * storm);
        Map<Factor, Double> values = new LinkedHashMap<>();
        values.put(Factor.TSP, pm10 * 1.9);
        values.put(Factor.PM10, pm10);
        values.put(Factor.PM25, pm10 * (0.45 - 0.1 * storm));
        values.put(Factor.AIR_TEMP, temperature);
        values.put(Factor.HUMIDITY, humidity);
        values.put(Factor.WIND_SPEED, wind);
        values.put(Factor.WIND_DIRECTION, Math.floorMod(Math.round(135 + veer.step(random, hours)), 360L) * 1.0);
        values.put(Factor.NOISE, clamp(48 + 20 * activity + machinery.step(random, hours), 35, 110));
        return values;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
