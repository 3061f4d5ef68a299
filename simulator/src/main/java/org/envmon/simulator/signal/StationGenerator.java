package org.envmon.simulator.signal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.episode.EpisodeKind;
import org.envmon.simulator.episode.Episodes;
import org.envmon.simulator.episode.Fault;
import org.envmon.simulator.episode.Faults;

/**
 * The sample stream of one station: its signal model, disturbed by episodes and faults, drawn from a
 * generator of its own seeded from the run's seed and the station code, so the same seed and the same
 * sample times give the same data whatever the other stations do.
 */
public final class StationGenerator {
    private final Station station;
    private final SplittableRandom random;
    private final SignalModel model;
    private final Episodes episodes;
    private final Faults faults;
    private final Map<Factor, Double> lastValues = new HashMap<>();
    private Instant previous;

    StationGenerator(Station station, SplittableRandom random, SignalModel model, Episodes episodes, Faults faults) {
        this.station = station;
        this.random = random;
        this.model = model;
        this.episodes = episodes;
        this.faults = faults;
    }

    /** Builds the generator of {@code station} for a run with {@code seed}. */
    public static StationGenerator create(Station station, long seed, ZoneId zone, Episodes episodes, Faults faults) {
        SplittableRandom random =
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + station.code().hashCode());
        SignalModel model = switch (station.kind()) {
            case RIVER_SECTION -> new RiverModel(zone, station.targetClass().orElse("III"));
            case DUST_SITE -> new DustModel(zone, 0.6 + 0.8 * random.nextDouble());
            case OUTFALL -> new OutfallModel(zone, 20 + 180 * random.nextDouble());
        };
        return new StationGenerator(station, random, model, episodes, faults);
    }

    /** Random episode rates typical of each kind of station (per station, mean time between events). */
    public static Map<EpisodeKind, Duration> typicalEpisodeIntervals(Station station) {
        Map<EpisodeKind, Duration> intervals = new EnumMap<>(EpisodeKind.class);
        switch (station.kind()) {
            case RIVER_SECTION -> {
                intervals.put(EpisodeKind.RAIN, Duration.ofDays(4));
                intervals.put(EpisodeKind.SPILL, Duration.ofDays(30));
            }
            case DUST_SITE -> intervals.put(EpisodeKind.DUST_STORM, Duration.ofDays(10));
            case OUTFALL -> intervals.put(EpisodeKind.DISCHARGE, Duration.ofDays(1));
        }
        return intervals;
    }

    public Station station() {
        return station;
    }

    public List<Factor> factors() {
        return model.factors();
    }

    /** The sample at {@code time}; times must not go backwards. */
    public Sample next(Instant time) {
        if (previous != null && time.isBefore(previous)) {
            throw new IllegalArgumentException("sample times must not go backwards");
        }
        double hours = previous == null ? 0 : Duration.between(previous, time).toMillis() / 3_600_000.0;
        previous = time;
        Map<EpisodeKind, Double> intensity = episodes.advance(random, time, hours);
        Map<Factor, Double> raw = model.sample(random, time, hours, intensity);
        List<Fault> active = faults.advance(random, time, hours, raw.size());
        List<Factor> order = model.factors();
        Map<Factor, Double> values = new LinkedHashMap<>();
        for (Factor factor : order) {
            values.put(factor, factor.round(raw.get(factor)));
        }
        Map<Factor, Character> flags = new LinkedHashMap<>();
        Set<Factor> stuck = new HashSet<>();
        boolean offline = false;
        for (Fault fault : active) {
            Factor target = order.get(fault.factorIndex() % order.size());
            switch (fault.kind()) {
                case STUCK -> {
                    stuck.add(target);
                    values.put(target, lastValues.getOrDefault(target, values.get(target)));
                }
                case DROPOUT -> values.remove(target);
                case OUT_OF_RANGE -> {
                    values.put(target, target.round(target.max() * (1.2 + random.nextDouble())));
                    flags.put(target, 'T');
                }
                case MAINTENANCE -> order.forEach(f -> flags.put(f, 'M'));
                case CALIBRATION -> flags.put(target, 'C');
                case SENSOR_FAULT -> flags.put(target, 'D');
                case OFFLINE -> offline = true;
            }
        }
        flags.keySet().retainAll(values.keySet());
        // a stuck sensor keeps repeating the value it froze at, so only healthy values move on
        values.forEach((factor, value) -> {
            if (!stuck.contains(factor)) {
                lastValues.put(factor, value);
            }
        });
        return new Sample(new Observation(time, values, flags), offline);
    }

    /** A sample and whether the station is offline at its time (the sample is then kept for a later replay). */
    public record Sample(Observation observation, boolean offline) {}
}
