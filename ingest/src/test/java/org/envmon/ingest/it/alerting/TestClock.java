package org.envmon.ingest.it.alerting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that stands still until the test moves it; the alert engine's thread reads it, hence
 * the volatile instant. The engine ticks (and retries waiting writes) only when it moves.
 */
final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-03-01T08:00:00Z");

    /** Only the test thread moves the clock, so read-then-write is safe. */
    void advance(Duration by) {
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
