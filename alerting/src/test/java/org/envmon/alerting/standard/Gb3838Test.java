package org.envmon.alerting.standard;

import static org.assertj.core.api.Assertions.assertThat;

import org.envmon.alerting.standard.Gb3838.Factor;
import org.envmon.alerting.standard.Gb3838.WaterBody;
import org.junit.jupiter.api.Test;

class Gb3838Test {

    @Test
    void classOf_standardTableValues_expectedClasses() {
        assertThat(Gb3838.classOf(Factor.NH3N, WaterBody.RIVER, 1.95)).isEqualTo(5);
        assertThat(Gb3838.classOf(Factor.NH3N, WaterBody.RIVER, 1.0)).isEqualTo(3);
        assertThat(Gb3838.classOf(Factor.NH3N, WaterBody.RIVER, 2.01)).isEqualTo(6);
        assertThat(Gb3838.classOf(Factor.DO, WaterBody.RIVER, 7.5)).isEqualTo(1);
        assertThat(Gb3838.classOf(Factor.DO, WaterBody.RIVER, 4.0)).isEqualTo(4);
        assertThat(Gb3838.classOf(Factor.DO, WaterBody.RIVER, 1.9)).isEqualTo(6);
        assertThat(Gb3838.classOf(Factor.PH, WaterBody.RIVER, 9.6)).isEqualTo(6);
        assertThat(Gb3838.classOf(Factor.PH, WaterBody.RIVER, 7.6)).isEqualTo(1);
    }

    @Test
    void classOf_totalPhosphorus_riverAndLakeLimitsDiffer() {
        assertThat(Gb3838.classOf(Factor.TP, WaterBody.RIVER, 0.15)).isEqualTo(3);
        assertThat(Gb3838.classOf(Factor.TP, WaterBody.LAKE, 0.15)).isEqualTo(5);
    }

    @Test
    void classOf_roundsHalfEvenToFactorDecimals() {
        // NH3-N has 2 decimals: 1.005 rounds to 1.00 (class III), 1.015 to 1.02 (class IV)
        assertThat(Gb3838.classOf(Factor.NH3N, WaterBody.RIVER, 1.005)).isEqualTo(3);
        assertThat(Gb3838.classOf(Factor.NH3N, WaterBody.RIVER, 1.015)).isEqualTo(4);
    }

    @Test
    void exceedance_nh3nAgainstClassIII_isMultipleOverLimit() {
        assertThat(Gb3838.exceedance(Factor.NH3N, WaterBody.RIVER, 1.95, 3)).isEqualTo(0.95);
        assertThat(Gb3838.exceedance(Factor.DO, WaterBody.RIVER, 4.0, 3)).isEqualTo(0.2);
    }

    @Test
    void appliesTo_totalNitrogen_onlyForLakes() {
        assertThat(Factor.TN.appliesTo(WaterBody.RIVER)).isFalse();
        assertThat(Factor.TN.appliesTo(WaterBody.LAKE)).isTrue();
    }
}
