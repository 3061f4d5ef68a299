package org.envmon.ingest.hj212.tcp;

import org.envmon.ingest.intake.Hj212Requests;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.BooleanSupplier;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.config.EnvmonConfig.Hj212Config;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.transport.StationRateLimiter;

/**
 * What every HJ 212 connection shares; {@code certificateLogin}: a client certificate's CN binds the
 * connection; {@code passwordThrottle}: wrong PWs per station and source address.
 */
record Hj212Services(Hj212Config config, Hj212Requests requests, StationDirectory stations, IngestQueue queue,
                     IngestMetrics metrics, BooleanSupplier readingAllowed, Clock clock, ZoneId defaultZone,
                     int rawLimit, StationRateLimiter rateLimiter, boolean certificateLogin,
                     LoginThrottle passwordThrottle) {
}
