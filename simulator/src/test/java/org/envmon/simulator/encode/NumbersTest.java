package org.envmon.simulator.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({
        "7.25, 7.25",
        "0.001, 0.001",
        "-0.05, -0.05",
        "120, 120",
        "-3, -3",
        "0, 0",
        "1234567.5, 1234567.5",
        "0.0000001, 0.0000001",
        "1e20, 100000000000000000000",
        "0.1234567, 0.1234567"
    })
    void plainDecimals(double value, String text) {
        assertThat(Numbers.plain(value)).isEqualTo(text);
    }

    @Test
    void roundedReadings_readBackAsTheSameDouble_andAsBigDecimalWritesThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            int decimals = random.nextInt(0, 5);
            double scale = Math.pow(10, decimals);
            double value = Math.rint(random.nextDouble(-5000, 5000) * scale) / scale;
            String text = Numbers.plain(value);
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
            assertThat(new BigDecimal(text))
                    .as(text)
                    .isEqualByComparingTo(BigDecimal.valueOf(value).stripTrailingZeros());
            assertThat(text).doesNotContain("E").doesNotEndWith(".");
        }
    }
}
