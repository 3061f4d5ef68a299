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
        Optional<Metric> metric = catalog.resolve(key);
        if (metric.isPresent()) {
            return Optional.of(FactorRef.known(metric.get().id()));
        }
        String code = key.trim();
        if (unknownFactors == UnknownFactors.REGISTER && CODE.matcher(code).matches()) {
            return Optional.of(FactorRef.newFactor(code));
        }
        return Optional.empty();
    }

    /** Why {@link #find} found nothing for {@code key}, for the quarantine row. */
    public String whyUnknown(String key) {
        if (unknownFactors == UnknownFactors.QUARANTINE) {
            return "unknown factor code '" + key + "' (ingest.unknownFactors: quarantine)";
        }
        return "'" + key + "' is not a factor code (letters, digits, '.', '_' or '-', at most 32 characters)";
    }
}
