package org.envmon.ingest.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the decoders turn the key a station sends for a factor into the factor its value belongs to:
 * the catalogue's metric, or — with {@code ingest.unknownFactors: register} — a well-formed code the
 * catalogue does not know yet, which is then stored under a metric registered on first sight, so no
 * value is lost while the catalogue catches up. Safe on event loops.
 */
public final class FactorLookup {
    /** The {@code ingest.unknownFactors} setting. */
    public enum UnknownFactors {
        REGISTER,
        QUARANTINE
    }

    /** A factor's converted value (折算值, HJ 212 -ZsRtd) is stored under the factor's code with this suffix. */
    public static final String CONVERTED_SUFFIX = "-Zs";

    /** What may become a metric code: a code such as w01001, a21026, LA, B01, or a text alias (PM2.5, NH3-N). */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    private final MetricCatalog catalog;
    private final UnknownFactors unknownFactors;

    public FactorLookup(MetricCatalog catalog, UnknownFactors unknownFactors) {
        this.catalog = catalog;
        this.unknownFactors = unknownFactors;
    }

    /** The factor of {@code key}; empty when the catalogue does not know it and it is not to be registered. */
    public Optional<FactorRef> find(String key) {
        Optional<Metric> metric = catalog.resolve(key).or(() -> converted(key));
        if (metric.isPresent()) {
            return Optional.of(FactorRef.known(metric.get().id()));
        }
        String code = key.trim();
        if (unknownFactors == UnknownFactors.REGISTER && CODE.matcher(code).matches()) {
            return Optional.of(FactorRef.newFactor(code));
        }
        return Optional.empty();
    }

    /** {@code 02-Zs} (a 2005 code or an alias) is the converted value of the factor it names: {@code a21026-Zs}. */
    private Optional<Metric> converted(String key) {
        String trimmed = key.trim();
        if (!trimmed.endsWith(CONVERTED_SUFFIX)) {
            return Optional.empty();
        }
        return catalog.resolve(trimmed.substring(0, trimmed.length() - CONVERTED_SUFFIX.length()))
                .flatMap(base -> catalog.resolve(base.code() + CONVERTED_SUFFIX));
    }

    /** Why {@link #find} found nothing for {@code key}, for the quarantine row. */
    public String whyUnknown(String key) {
        if (unknownFactors == UnknownFactors.QUARANTINE) {
            return "unknown factor code '" + key + "' (ingest.unknownFactors: quarantine)";
        }
        return "'" + key + "' is not a factor code (letters, digits, '.', '_' or '-', at most 32 characters)";
    }
}
