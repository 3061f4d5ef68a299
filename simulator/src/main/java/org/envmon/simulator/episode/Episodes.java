package org.envmon.simulator.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The episodes of one station: those scripted for it (the demo's, a test's) and random ones that arrive
 * as a Poisson process with the given mean interval per kind, drawn from the station's own generator.
 */
public final class Episodes {
    private final List<Episode> active = new ArrayList<>();
    private final Map<EpisodeKind, Duration> meanInterval;
    private final double rateScale;

    /**
     * @param scripted     episodes that happen whatever the random draws
     * @param meanInterval per kind, the mean time between random episodes (kinds absent never happen at random)
     * @param rateScale    multiplies the random rates (0 = only scripted episodes)
     */
    public Episodes(List<Episode> scripted, Map<EpisodeKind, Duration> meanInterval, double rateScale) {
        if (rateScale < 0) {
            throw new IllegalArgumentException("episode rate scale must not be negative");
        }
        this.active.addAll(scripted);
        this.meanInterval = new EnumMap<>(EpisodeKind.class);
        this.meanInterval.putAll(meanInterval);
        this.rateScale = rateScale;
    }

    /** Advances to {@code time} (elapsed {@code hours} since the last call) and returns each kind's intensity. */
    public Map<EpisodeKind, Double> advance(SplittableRandom random, Instant time, double hours) {
        for (Map.Entry<EpisodeKind, Duration> e : meanInterval.entrySet()) {
            double meanHours = e.getValue().toSeconds() / 3600.0;
            if (random.nextDouble() < rateScale * hours / meanHours) {
                active.add(randomEpisode(e.getKey(), time, random));
            }
        }
        active.removeIf(episode -> !episode.end().isAfter(time));
        Map<EpisodeKind, Double> intensity = new EnumMap<>(EpisodeKind.class);
        for (EpisodeKind kind : EpisodeKind.values()) {
            intensity.put(kind, 0.0);
        }
        for (Episode episode : active) {
            intensity.merge(episode.kind(), episode.intensity(time), Double::sum);
        }
        return intensity;
    }

    private static Episode randomEpisode(EpisodeKind kind, Instant start, SplittableRandom random) {
        double magnitude = 0.5 + random.nextDouble();
        return switch (kind) {
            case RAIN ->
                new Episode(
                        kind,
                        start,
                        minutes(random, 30, 90),
                        minutes(random, 60, 240),
                        minutes(random, 120, 360),
                        magnitude);
            case SPILL ->
                new Episode(
                        kind,
                        start,
                        minutes(random, 60, 180),
                        minutes(random, 60, 180),
                        minutes(random, 180, 480),
                        magnitude);
            case DUST_STORM ->
                new Episode(
                        kind,
                        start,
                        minutes(random, 10, 30),
                        minutes(random, 30, 120),
                        minutes(random, 30, 90),
                        magnitude);
            case DISCHARGE ->
                new Episode(
                        kind, start, minutes(random, 1, 5), minutes(random, 5, 20), minutes(random, 5, 15), magnitude);
        };
    }

    private static Duration minutes(SplittableRandom random, int from, int to) {
        return Duration.ofMinutes(random.nextInt(from, to + 1));
    }
}
