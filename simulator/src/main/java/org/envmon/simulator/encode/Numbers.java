package org.envmon.simulator.encode;

import java.math.BigDecimal;

/** Decimal text without exponent or trailing zeros, as stations print their values. */
final class Numbers {
    private Numbers() {}

    static String plain(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }
}
