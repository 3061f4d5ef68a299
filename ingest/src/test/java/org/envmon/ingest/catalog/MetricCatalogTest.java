package org.envmon.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Factor keys: the 2017 code before the 2005 code before an alias, case-insensitively; metrics added at run time. */
class MetricCatalogTest {
    private static final Metric PH = new Metric((short) 1, "w01001", "001", "pH", "", 0, List.of("ph"));
    private static final Metric SO2 = new Metric((short) 40, "a21026", "02", "SO2", "mg/m3", 2, List.of("so2"));
    /** A metric whose code is another metric's 2005 code and alias: the code wins, then the 2005 code. */
    private static final Metric ODD = new Metric((short) 900, "02", null, "02", "", 0, List.of("001"));

    @Test
    void resolve_codes2005CodesAndAliases_caseInsensitively() {
        MetricCatalog catalog = new MetricCatalog(List.of(PH, SO2));

        assertThat(catalog.resolve("w01001")).contains(PH);
        assertThat(catalog.resolve("W01001")).contains(PH);
        assertThat(catalog.resolve("001")).contains(PH);
        assertThat(catalog.resolve(" PH ")).contains(PH);
        assertThat(catalog.resolve("SO2")).contains(SO2);
        assertThat(catalog.resolve("a21004")).isEmpty();
    }

    @Test
    void resolve_keySharedByACodeAndA2005CodeOrAlias_theCodeWinsThenThe2005Code() {
        MetricCatalog catalog = new MetricCatalog(List.of(PH, SO2, ODD));

        assertThat(catalog.resolve("02")).contains(ODD);
        assertThat(catalog.resolve("001")).contains(PH);
    }

    @Test
    void add_metricRegisteredAtRunTime_resolvedFromThenOnWithoutDisturbingOthers() {
        MetricCatalog catalog = new MetricCatalog(List.of(PH));
        Metric registered = new Metric((short) 100, "a99999", null, "a99999", "", 0, List.of());

        catalog.add(registered);

        assertThat(catalog.resolve("A99999")).contains(registered);
        assertThat(catalog.resolve("ph")).contains(PH);
        assertThat(catalog.all()).containsExactly(PH, registered);
    }
}
