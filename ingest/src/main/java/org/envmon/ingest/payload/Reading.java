package org.envmon.ingest.payload;

import java.time.Instant;

/** One value of one factor at the station's own time, with its HJ 212 data flag. */
public record Reading(Instant time, short metricId, double value, char flag) {}
