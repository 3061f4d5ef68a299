package org.envmon.ingest.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that stands still until the test moves it. Volatile, as threads of the code under test
 * (the alert engine's) read it while the test thread moves it.
 */
public final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2026-03-01T08:00:00Z");

    /** Only the test thread moves the clock, so read-then-write is safe. */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
