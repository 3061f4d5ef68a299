package org.envmon.alerting.store;

import java.time.Instant;

/** An alert row as the API shows it. */
public record AlertRecord(
        long id,
        String ruleId,
        String stationCode,
        String stationName,
        String metricCode,
        String severity,
        String state,
        Double value,
        String threshold,
        String summary,
        Instant startedAt,
        Instant firedAt,
        Instant resolvedAt,
        Integer exceedanceNo,
        boolean flapping,
        String ackedBy,
        Instant ackedAt,
        String ackComment) {}
