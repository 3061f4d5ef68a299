package org.envmon.ingest.intake;

import java.time.Clock;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.json.JsonReadingsDecoder;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.transport.ConnectionLimits;
import org.envmon.ingest.transport.StationRateLimiter;

/**
 * What every listener of the service shares: how a station is resolved and a payload decoded, where
 * the requests go, and the limits across all connections.
 *
 * @param rawLimit        bytes of a rejected payload kept in quarantine ({@code ingest.rejectedRawLimit})
 * @param maxPayloadBytes larger MQTT payloads are quarantined undecoded ({@code ingest.maxPayloadBytes})
 */
public record Edge(
        StationResolver stations,
        JsonReadingsDecoder json,
        Hj212Requests hj212,
        IngestQueue queue,
        IngestMetrics metrics,
        Clock clock,
        ConnectionLimits connectionLimits,
        StationRateLimiter rateLimiter,
        int rawLimit,
        int maxPayloadBytes) {}
