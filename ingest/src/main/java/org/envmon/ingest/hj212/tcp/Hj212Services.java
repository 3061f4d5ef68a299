package org.envmon.ingest.hj212.tcp;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.config.EnvmonConfig.Hj212Config;
import org.envmon.ingest.hj212.Hj212AnswerPolicy;
import org.envmon.ingest.intake.Edge;
import org.envmon.ingest.intake.Hj212Requests;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.transport.StationRateLimiter;

/**
 * What every HJ 212 connection shares: settings, what all listeners share ({@link Edge}), whether
 * connections may read (false while the server shuts down); {@code certificateLogin}: a client
 * certificate's CN binds the connection; {@code passwordThrottle}: wrong PWs per station and source
 * address; {@code answers}: which frames are answered.
 */
record Hj212Services(
        Hj212Config config,
        Edge edge,
        BooleanSupplier readingAllowed,
        boolean certificateLogin,
        LoginThrottle passwordThrottle,
        Hj212AnswerPolicy answers) {

    Hj212Requests requests() {
        return edge.hj212();
    }

    StationResolver resolver() {
        return edge.stations();
    }

    IngestQueue queue() {
        return edge.queue();
    }

    IngestMetrics metrics() {
        return edge.metrics();
    }

    Clock clock() {
        return edge.clock();
    }

    int rawLimit() {
        return edge.rawLimit();
    }

    StationRateLimiter rateLimiter() {
        return edge.rateLimiter();
    }
}
