package org.envmon.simulator.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    void defaults_shippedCatalogue_holds30RiverSections50DustSites10Outfalls() {
        List<Station> stations = Catalog.defaults().stations();
        assertThat(stations.stream().collect(Collectors.groupingBy(Station::kind, Collectors.counting())))
                .containsEntry(StationKind.RIVER_SECTION, 30L)
                .containsEntry(StationKind.DUST_SITE, 50L)
                .containsEntry(StationKind.OUTFALL, 10L);
        assertThat(stations)
                .filteredOn(s -> s.kind() == StationKind.RIVER_SECTION)
                .allSatisfy(s -> assertThat(s.river()).isPresent())
                .allSatisfy(s -> assertThat(s.targetClass()).isPresent());
    }

    @Test
    void take_moreThanTheCatalogue_derivesUniqueStationsOfTheSameKinds() {
        List<Station> stations = Catalog.defaults().take(1000);
        assertThat(stations).hasSize(1000);
        assertThat(new Catalog(stations).stations()).hasSize(1000);
        assertThat(stations.get(990).kind()).isEqualTo(stations.get(0).kind());
    }

    @Test
    void parse_badKind_namesTheLine() {
        String csv = Catalog.HEADER + "\nX1,n,lake,,,30,104,,330100000000000000000001\n";
        assertThatThrownBy(() -> Catalog.parse(new StringReader(csv), "mine.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mine.csv line 2")
                .hasMessageContaining("lake");
    }

    @Test
    void ingestCsv_hj212_usesTheMnAsCodeWithPassword() throws IOException {
        Station station = Catalog.defaults().stations().get(0);
        String csv = Catalog.ingestCsv(List.of(station), true, 0, "123456");
        assertThat(csv.lines().skip(1).findFirst().orElseThrow())
                .startsWith(station.mn() + "," + station.name() + ",river_section,")
                .endsWith(",Asia/Shanghai,123456,standard");
    }
}
