package org.envmon.alerting.input;

import java.time.Instant;

/**
 * One committed reading as the alert engine sees it: station and metric by database id, the
 * station's reading time, the value and its HJ 212 data flag.
 */
public record ReadingEvent(int stationId, short metricId, Instant time, double value, char flag) {}
