package org.envmon.alerting.standard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.envmon.alerting.text.Numbers;

/**
 * GB 3838-2002 surface water classes I–V for the factors automatic stations measure. A value
 * belongs to the first class whose limit it meets; worse than V is class 6 (劣V). Values are
 * rounded half-to-even to the factor's evaluation decimals before they are classed.
 */
public final class Gb3838 {
    private Gb3838() {}

    /** Lakes and reservoirs have their own TP limits, and only they are evaluated on TN. */
    public enum WaterBody {
        RIVER,
        LAKE
    }

    public enum Factor {
        PH("w01001", "pH", 0, null, null),
        DO("w01009", "DO", 1, new double[] {7.5, 6, 5, 3, 2}, null),
        CODMN("w01019", "CODMn", 1, new double[] {2, 4, 6, 10, 15}, null),
        COD("w01018", "COD", 1, new double[] {15, 15, 20, 30, 40}, null),
        BOD5("w01017", "BOD5", 1, new double[] {3, 3, 4, 6, 10}, null),
        NH3N("w21003", "NH3-N", 2, new double[] {0.15, 0.5, 1.0, 1.5, 2.0}, null),
        TP("w21011", "TP", 3, new double[] {0.02, 0.1, 0.2, 0.3, 0.4}, new double[] {0.01, 0.025, 0.05, 0.1, 0.2}),
        TN("w21001", "TN", 2, null, new double[] {0.2, 0.5, 1.0, 1.5, 2.0});

        private final String code;
        private final String label;
        private final int decimals;
        private final double[] riverLimits;
        private final double[] lakeLimits;

        Factor(String code, String label, int decimals, double[] riverLimits, double[] lakeLimits) {
            this.code = code;
            this.label = label;
            this.decimals = decimals;
            this.riverLimits = riverLimits;
            this.lakeLimits = lakeLimits;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }

        /** Whether GB 3838 evaluates this factor for the water body (TN only for lakes). */
        public boolean appliesTo(WaterBody body) {
            return this == PH || this == DO || limits(body) != null;
        }

        double[] limits(WaterBody body) {
            if (this == TP || this == TN) {
                return body == WaterBody.LAKE ? lakeLimits : riverLimits;
            }
            return riverLimits;
        }

        double round(double value) {
            return BigDecimal.valueOf(value)
                    .setScale(decimals, RoundingMode.HALF_EVEN)
                    .doubleValue();
        }
    }

    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "劣V"};

    /** Class 1–5, or 6 for worse than V. */
    public static int classOf(Factor factor, WaterBody body, double value) {
        double v = factor.round(value);
        if (factor == Factor.PH) {
            return v >= 6 && v <= 9 ? 1 : 6;
        }
        double[] limits = factor.limits(body);
        for (int i = 0; i < limits.length; i++) {
            boolean meets = factor == Factor.DO ? v >= limits[i] : v <= limits[i];
            if (meets) {
                return i + 1;
            }
        }
        return 6;
    }

    /**
     * True when the value meets the target class with {@code margin} to spare (a fraction of the
     * limit, e.g. 0.05): the clear side of the hysteresis band. pH clears inside 6–9.
     */
    public static boolean withinTarget(Factor factor, WaterBody body, double value, int target, double margin) {
        double v = factor.round(value);
        if (factor == Factor.PH) {
            return v >= 6 && v <= 9;
        }
        double limit = factor.limits(body)[target - 1];
        return factor == Factor.DO ? v >= limit * (1 + margin) : v <= limit * (1 - margin);
    }

    /**
     * Exceedance multiple as the bulletins print it: (value − target limit) ÷ limit for "≤" factors,
     * (limit − value) ÷ limit for DO; for pH the distance outside 6–9 in pH units.
     */
    public static double exceedance(Factor factor, WaterBody body, double value, int target) {
        double v = factor.round(value);
        if (factor == Factor.PH) {
            return v < 6 ? 6 - v : Math.max(0, v - 9);
        }
        double limit = factor.limits(body)[target - 1];
        double multiple = factor == Factor.DO ? (limit - v) / limit : (v - limit) / limit;
        return BigDecimal.valueOf(multiple).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    public static String roman(int waterClass) {
        return ROMAN[waterClass - 1];
    }

    /** "class III (≤ 1)" or "class III (≥ 5)" or "6–9". */
    public static String describeTarget(Factor factor, WaterBody body, int target) {
        if (factor == Factor.PH) {
            return "6–9";
        }
        double limit = factor.limits(body)[target - 1];
        return "class " + roman(target) + " (" + (factor == Factor.DO ? "≥ " : "≤ ") + Numbers.plain(limit) + ")";
    }

    /** The factor evaluated for a metric code, if any. */
    public static java.util.Optional<Factor> factorOf(String metricCode) {
        for (Factor f : Factor.values()) {
            if (f.code.equals(metricCode)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
