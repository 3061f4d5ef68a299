package org.envmon.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which keys become values of the catalogue's metrics, of new factors to register, or quarantine rows. */
class FactorLookupTest {
    private static final MetricCatalog CATALOG = new MetricCatalog(List.of(
            new Metric((short) 1, "w01001", "001", "pH", "", 0, List.of("ph")),
            new Metric((short) 2, "a21026", "02", "SO2", "mg/m3", 2, List.of("so2")),
            new Metric((short) 3, "a21026-Zs", null, "SO2 (converted)", "mg/m3", 2, List.of())));

    @Test
    void find_convertedValueNamedBy2005CodeOrAlias_theConvertedFactorOfThe2017Code() {
        FactorLookup lookup = new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER);

        assertThat(lookup.find("02-Zs")).contains(FactorRef.known((short) 3));
        assertThat(lookup.find("SO2-Zs")).contains(FactorRef.known((short) 3));
        assertThat(lookup.find("a21026-Zs")).contains(FactorRef.known((short) 3));
    }

    @Test
    void find_catalogueKey_theMetric() {
        FactorLookup lookup = new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER);

        assertThat(lookup.find("001")).contains(FactorRef.known((short) 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a99999", "NO2", "PM2.5", "NH3-N", "x_1", "B03"})
    void find_wellFormedUnknownCodeWhenRegistering_aNewFactorUnderTheCodeAsSent(String code) {
        FactorLookup lookup = new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER);

        assertThat(lookup.find(" " + code)).contains(FactorRef.newFactor(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x 1", "-a", "a/b", "名称", "abcdefghijklmnopqrstuvwxyz0123456"})
    void find_keyThatCannotBeACode_nothingAndTheReasonSaysWhy(String key) {
        FactorLookup lookup = new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER);

        assertThat(lookup.find(key)).isEmpty();
        assertThat(lookup.whyUnknown(key)).contains("is not a factor code");
    }

    @Test
    void find_unknownCodeWhenQuarantining_nothingAndTheReasonNamesTheSetting() {
        FactorLookup lookup = new FactorLookup(CATALOG, FactorLookup.UnknownFactors.QUARANTINE);

        assertThat(lookup.find("a99999")).isEmpty();
        assertThat(lookup.whyUnknown("a99999"))
                .isEqualTo("unknown factor code 'a99999' (ingest.unknownFactors: quarantine)");
    }
}
