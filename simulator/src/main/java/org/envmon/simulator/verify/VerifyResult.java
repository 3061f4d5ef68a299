package org.envmon.simulator.verify;

/**
 * The database compared with the ledger: {@code expected} acknowledged readings, of which {@code found}
 * are stored, {@code missing} are not, and {@code duplicated} extra copies exist.
 */
public record VerifyResult(long expected, long found, long missing, long duplicated) {
    public boolean ok() {
        return missing == 0 && duplicated == 0;
    }
}
