package org.envmon.alerting.text;

import java.math.BigDecimal;

/** Number formatting for people: no exponent, no trailing zeros. */
public final class Numbers {
    private Numbers() {}

    public static String plain(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
