package org.envmon.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalogue shipped in catalog/factors.csv: complete where stations need it, and unambiguous. */
class FactorCatalogueTest {
    private static final List<FactorCatalogue.Factor> FACTORS = new FactorCatalogue().factors();

    private static MetricCatalog asCatalog() {
        short id = 1;
        List<Metric> metrics = new ArrayList<>();
        for (FactorCatalogue.Factor f : FACTORS) {
            int decimals = f.decimals() == null ? 0 : f.decimals();
            metrics.add(new Metric(id++, f.code(), f.code2005(), f.name(), f.unit(), decimals, f.aliases()));
        }
        return new MetricCatalog(metrics);
    }

    @Test
    void factors_everyKeyNamesOneFactorOnly() {
        Map<String, String> owner = new HashMap<>();
        for (FactorCatalogue.Factor f : FACTORS) {
            List<String> keys = new ArrayList<>(f.aliases());
            keys.add(f.code());
            if (f.code2005() != null) {
                keys.add(f.code2005());
            }
            for (String key : keys) {
                String previous = owner.putIfAbsent(key.toLowerCase(Locale.ROOT), f.code());
                assertThat(previous == null || previous.equals(f.code()))
                        .as("key %s of %s already names %s", key, f.code(), previous)
                        .isTrue();
            }
        }
    }

    @Test
    void factors_appendixBAtLeastAndEveryRowDescribed() {
        assertThat(FACTORS).hasSizeGreaterThan(190);
        assertThat(FACTORS).allSatisfy(f -> {
            assertThat(f.code()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
            assertThat(f.name()).isNotBlank();
            assertThat(f.category()).isNotNull();
            assertThat(f.decimals()).isBetween(0, 6);
        });
        assertThat(FACTORS.stream().collect(Collectors.groupingBy(FactorCatalogue.Factor::category)))
                .containsKeys("water", "air", "flue_gas", "particulate", "noise", "voc", "meteorological");
    }

    @ParameterizedTest
    @CsvSource({
        "a21026, a21026",
        "SO2, a21026",
        "so2, a21026",
        "02, a21026",
        "a21004, a21004",
        "NO2, a21004",
        "a21002, a21002",
        "NOx, a21002",
        "03, a21002",
        "a21003, a21003",
        "NO, a21003",
        "a21005, a21005",
        "CO, a21005",
        "a05024, a05024",
        "O3, a05024",
        "PM10, a34002",
        "PM25, a34004",
        "PM2.5, a34004",
        "TSP, a34001",
        "a34013, a34013",
        "01, a34013",
        "a19001, a19001",
        "LA, LA",
        "Leq, Leq",
        "L10, L10",
        "L50, L50",
        "L90, L90",
        "Ld, Ld",
        "Ln, Ln",
        "B01, w00000",
        "B02, a00000",
        "w01006, w01006",
        "w23002, w23002",
        "001, w01001",
        "060, w21003"
    })
    void resolve_codesAndAliasesStationsSend(String key, String code) {
        assertThat(asCatalog().resolve(key)).get().extracting(Metric::code).isEqualTo(code);
    }
}
