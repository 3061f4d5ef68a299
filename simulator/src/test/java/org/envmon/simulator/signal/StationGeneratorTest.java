package org.envmon.simulator.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.catalog.StationKind;
import org.envmon.simulator.episode.Episode;
import org.envmon.simulator.episode.EpisodeKind;
import org.envmon.simulator.episode.Episodes;
import org.envmon.simulator.episode.Fault;
import org.envmon.simulator.episode.FaultKind;
import org.envmon.simulator.episode.Faults;
import org.junit.jupiter.api.Test;

class StationGeneratorTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void next_sameSeed_givesSameDataForEveryKind() {
        for (Station station : List.of(
                station(StationKind.RIVER_SECTION), station(StationKind.DUST_SITE), station(StationKind.OUTFALL))) {
            assertThat(run(station, 42, 1.0, 2.0)).isEqualTo(run(station, 42, 1.0, 2.0));
        }
    }

    @Test
    void next_otherSeed_givesOtherData() {
        Station river = station(StationKind.RIVER_SECTION);
        assertThat(run(river, 42, 0, 0)).isNotEqualTo(run(river, 43, 0, 0));
    }

    @Test
    void next_riverOverADay_followsTheSunAndStaysPlausible() {
        StationGenerator generator = generator(station(StationKind.RIVER_SECTION), 7, List.of(), List.of());
        double dawnDo = 0;
        double afternoonDo = 0;
        for (int minute = 0; minute < 24 * 60; minute += 10) {
            Observation o =
                    generator.next(START.plus(Duration.ofMinutes(minute))).observation();
            assertThat(o.values().get(Factor.PH)).isBetween(6.5, 9.0);
            int localHour = (minute / 60 + 8) % 24;
            if (localHour == 5) {
                dawnDo += o.values().get(Factor.DO);
            } else if (localHour == 14) {
                afternoonDo += o.values().get(Factor.DO);
            }
        }
        assertThat(afternoonDo).isGreaterThan(dawnDo);
    }

    @Test
    void next_duringScriptedSpill_raisesNh3nAboveClassIIIThenRecovers() {
        Episode spill = new Episode(
                EpisodeKind.SPILL,
                START.plusSeconds(60),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                1);
        StationGenerator generator = generator(station(StationKind.RIVER_SECTION), 3, List.of(spill), List.of());
        double before = generator.next(START).observation().values().get(Factor.NH3N);
        double peak = generator
                .next(START.plusSeconds(60 + 180))
                .observation()
                .values()
                .get(Factor.NH3N);
        double after = generator
                .next(START.plusSeconds(60 + 420))
                .observation()
                .values()
                .get(Factor.NH3N);
        assertThat(before).isLessThan(1.0);
        assertThat(peak).isGreaterThan(1.5);
        assertThat(after).isLessThan(1.0);
    }

    @Test
    void next_scriptedFaults_flagMaintenanceAndGoOffline() {
        Fault maintenance = new Fault(FaultKind.MAINTENANCE, START, START.plusSeconds(10), 0);
        Fault offline = new Fault(FaultKind.OFFLINE, START.plusSeconds(10), START.plusSeconds(20), 0);
        StationGenerator generator =
                generator(station(StationKind.DUST_SITE), 3, List.of(), List.of(maintenance, offline));
        StationGenerator.Sample first = generator.next(START);
        StationGenerator.Sample second = generator.next(START.plusSeconds(15));
        StationGenerator.Sample third = generator.next(START.plusSeconds(25));
        assertThat(first.observation().flags().values()).isNotEmpty().containsOnly('M');
        assertThat(first.offline()).isFalse();
        assertThat(second.offline()).isTrue();
        assertThat(third.offline()).isFalse();
        assertThat(third.observation().flags()).isEmpty();
    }

    private static List<Observation> run(Station station, long seed, double episodes, double faults) {
        StationGenerator generator = StationGenerator.create(
                station,
                seed,
                ZONE,
                new Episodes(List.of(), StationGenerator.typicalEpisodeIntervals(station), episodes * 200),
                new Faults(List.of(), Duration.ofHours(1), faults));
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            out.add(generator.next(START.plus(Duration.ofMinutes(i))).observation());
        }
        return out;
    }

    private static StationGenerator generator(Station station, long seed, List<Episode> episodes, List<Fault> faults) {
        return StationGenerator.create(
                station, seed, ZONE, new Episodes(episodes, Map.of(), 0), new Faults(faults, Duration.ofHours(1), 0));
    }

    private static Station station(StationKind kind) {
        return Catalog.defaults().stations().stream()
                .filter(s -> s.kind() == kind)
                .filter(s -> s.targetClass().map("III"::equals).orElse(true))
                .findFirst()
                .orElseThrow();
    }
}
