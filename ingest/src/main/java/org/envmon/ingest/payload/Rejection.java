package org.envmon.ingest.payload;

import java.util.Arrays;

/**
 * A quarantine row: the message (or part of it) that could not be stored, with its reason.
 * {@code raw} holds at most the configured number of bytes; {@code rawSize} is the original length.
 */
public record Rejection(
        MessageOrigin origin, String stationCode, RejectReason reason, String detail, byte[] raw, int rawSize) {

    public static Rejection of(
            MessageOrigin origin, String stationCode, RejectReason reason, String detail, byte[] raw, int rawLimit) {
        byte[] kept = raw.length > rawLimit ? Arrays.copyOf(raw, rawLimit) : raw;
        return new Rejection(origin, stationCode, reason, detail, kept, raw.length);
    }
}
