package org.envmon.simulator.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The demo's timeline on the default catalogue, so that alerts fire and resolve within two minutes:
 * a spill on river section RS05 (NH3-N and TP over class III from about 0:30 to 1:15), a dust storm at
 * DS03 (0:20 to 1:10), a discharge spike at outfall OF02 (0:40 to 1:05), RS10 offline from 0:30 to
 * 0:50 (its backlog replays when it is back) and DS07 in maintenance from 0:45 to 1:00.
 * {@code scale} shrinks the whole timeline (tests run it at 0.2).
 */
public final class DemoScript {
    public static final String SPILL_STATION = "RS05";
    public static final String DUST_STATION = "DS03";
    public static final String OUTFALL_STATION = "OF02";
    public static final String OFFLINE_STATION = "RS10";
    public static final String MAINTENANCE_STATION = "DS07";

    private final Instant start;
    private final double scale;

    public DemoScript(Instant start, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("time scale must be positive");
        }
        this.start = start;
        this.scale = scale;
    }

    public Map<String, List<Episode>> episodes() {
        return Map.of(
                SPILL_STATION, List.of(new Episode(EpisodeKind.SPILL, at(15), span(20), span(25), span(20), 1)),
                DUST_STATION, List.of(new Episode(EpisodeKind.DUST_STORM, at(15), span(10), span(35), span(10), 3)),
                OUTFALL_STATION, List.of(new Episode(EpisodeKind.DISCHARGE, at(35), span(5), span(20), span(5), 1.5)));
    }

    public Map<String, List<Fault>> faults() {
        return Map.of(
                OFFLINE_STATION, List.of(new Fault(FaultKind.OFFLINE, at(30), at(50), 0)),
                MAINTENANCE_STATION, List.of(new Fault(FaultKind.MAINTENANCE, at(45), at(60), 0)));
    }

    /** How far apart a station's samples are (5 s at scale 1). */
    public Duration sampleInterval() {
        return span(5);
    }

    /** A duration of the timeline, scaled. */
    public Duration span(long seconds) {
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000 * scale)));
    }

    private Instant at(long seconds) {
        return start.plus(span(seconds));
    }
}
