package org.envmon.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** JSON reading documents for tests. */
public final class Payloads {
    private Payloads() {}

    /** A reading document at {@code time} with pH and DO values. */
    public static byte[] phAndDo(Instant time, double ph, double dissolvedOxygen) {
        return ("{\"ts\":\"" + time + "\",\"values\":{\"w01001\":" + ph + ",\"do\":" + dissolvedOxygen + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A recent instant rounded to the second, offset by {@code index} seconds so each call is unique. */
    public static Instant recent(int index) {
        return Instant.now()
                .minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(index);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
