package org.envmon.ingest.hj212;

import java.util.Locale;

/**
 * A departure from the standard that loggers in the field make and the service tolerates: each
 * accepted frame names its quirks, and they are counted per kind, so an operator sees which
 * dialects the stations speak.
 */
public enum Hj212Quirk {
    /** The length counts characters, not UTF-8 bytes (devices sending Chinese text). */
    LENGTH_IN_CHARACTERS,
    /** The length is written with 3 digits. */
    THREE_DIGIT_LENGTH,
    /** The length is wrong (e.g. counts the CRC and CR LF); the CRC and the line end delimit the frame. */
    LENGTH_MISMATCH,
    /** The data area has no closing {@code &&}. */
    NO_CP_END,
    /** Real-time data (CN 2011) carrying Avg/Min/Max/Cou, with or without Rtd. */
    STATISTICS_IN_REAL_TIME,
    /** One part of a split upload (PNUM/PNO). */
    SPLIT_PACKET;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
