package org.envmon.ingest.payload;

import java.util.Optional;
import java.util.regex.Pattern;

/** Strict decimal numbers as stations write them ({@code 7.31}, {@code -0.5}, {@code 1.2e3}); never NaN or hex. */
public final class DecimalText {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private DecimalText() {}

    /** The finite value of the text, or empty. */
    public static Optional<Double> parse(String text) {
        String trimmed = text.trim();
        if (!DECIMAL.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(trimmed);
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }
}
