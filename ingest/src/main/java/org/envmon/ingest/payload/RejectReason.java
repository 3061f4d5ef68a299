package org.envmon.ingest.payload;

import java.util.Locale;

/** Why input was quarantined. The lower-case name is stored in rejected_message.reason and used as a metric tag. */
public enum RejectReason {
    MALFORMED_JSON,
    INVALID_STRUCTURE,
    UNKNOWN_METRIC,
    INVALID_VALUE,
    INVALID_FLAG,
    INVALID_TIME,
    TIME_IN_FUTURE,
    BEYOND_RETENTION,
    UNKNOWN_STATION,
    STATION_INACTIVE,
    PAYLOAD_TOO_LARGE,
    PACKET_TOO_LARGE,
    MALFORMED_PACKET,
    TOPIC_OUTSIDE_SCHEME,
    HJ212_FRAMING,
    HJ212_CRC_MISMATCH,
    HJ212_MALFORMED,
    HJ212_PASSWORD_MISMATCH,
    HJ212_PASSWORD_UNSET,
    MN_MISMATCH,
    BAD_CREDENTIALS,
    ANONYMOUS_REFUSED,
    AUTH_BUSY,
    AUTH_THROTTLED,
    FOREIGN_STATION,
    RATE_LIMITED,
    STORAGE_ERROR;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
