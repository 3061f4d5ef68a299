package org.envmon.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which keys become values of the catalogue's metrics, of new factors to register, or quarantine rows. */
class FactorLookupTest {
    private static final MetricCatalog CATALOG =
            new MetricCatalog(List.of(new Metric((short) 1, "w01001", "001", "pH", "", 0, List.of("ph"))));

    @Test
    void find_catalogueKey_theMetric() {
        FactorLookup lookup = new FactorLookup(CATALOG, FactorLookup.UnknownFactors.REGISTER);

        assertThat(lookup.find("001")).contains(FactorRef.known((short) 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a99999", "SO2", "PM2.5", "NH3-N", "x_1", "B03"})
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
