package org.envmon.simulator.encode;

import java.math.BigDecimal;

/** Decimal text without exponent or trailing zeros, as stations print their values. */
final class Numbers {
    private static final int MAX_FAST_DECIMALS = 6;
    private static final double[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final double MAX_FAST_UNITS = 1e15;

    private Numbers() {}

    static String plain(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
        // Readings are rounded to a factor's few decimals: written from integer units, without the
        // BigDecimal that was the load generator's largest cost per message.
        for (int decimals = 0; decimals <= MAX_FAST_DECIMALS; decimals++) {
            double units = Math.rint(value * POWERS[decimals]);
            if (Math.abs(units) < MAX_FAST_UNITS && units / POWERS[decimals] == value) {
                return fixed((long) units, decimals);
            }
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }

    private static String fixed(long units, int decimals) {
        if (decimals == 0) {
            return Long.toString(units);
        }
        String digits = Long.toString(Math.abs(units));
        StringBuilder text = new StringBuilder(digits.length() + decimals + 3);
        if (units < 0) {
            text.append('-');
        }
        if (digits.length() <= decimals) {
            text.append("0.");
            text.append("0".repeat(decimals - digits.length()));
            text.append(digits);
        } else {
            text.append(digits, 0, digits.length() - decimals)
                    .append('.')
                    .append(digits, digits.length() - decimals, digits.length());
        }
        return text.toString();
    }
}
