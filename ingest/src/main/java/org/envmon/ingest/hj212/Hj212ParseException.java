package org.envmon.ingest.hj212;

/** A data segment that cannot be understood as an HJ 212 packet; the message says what is missing or wrong. */
public final class Hj212ParseException extends Exception {
    public Hj212ParseException(String message) {
        super(message);
    }
}
