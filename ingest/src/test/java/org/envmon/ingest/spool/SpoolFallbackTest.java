package org.envmon.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.envmon.ingest.config.EnvmonConfig.SpoolOverflow;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.RequestCodec;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFallbackTest {
    private static final Instant TIME = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private static IngestRequest request(int stationId, String station) {
        MessageOrigin origin = new MessageOrigin(Transport.HJ212_TCP, "peer", null, TIME);
        return new IngestRequest(
                origin,
                new StationRef(stationId, station),
                List.of(new Reading(TIME, (short) 1, 7.0, 'N')),
                List.of(),
                List.of(),
                new byte[0],
                0,
                outcome -> {});
    }

    @Test
    void store_requestsOfResolvedStations_allSpooledAndAcknowledgedWithTheirStationIds() throws Exception {
        SpoolMetrics metrics = new SpoolMetrics(new SimpleMeterRegistry());
        try (Spool spool = Spool.open(dir, 1024 * 1024, 64 * 1024, metrics)) {
            SpoolFallback fallback = new SpoolFallback(spool, SpoolOverflow.BACKPRESSURE, metrics);

            List<WriteOutcome> outcomes = fallback.store(
                    List.of(request(11, "KNOWN1"), request(12, "NEW0001"), request(13, "KNOWN2")),
                    new IOException("database down"));

            assertThat(outcomes).extracting(WriteOutcome::committed).containsExactly(true, true, true);
            assertThat(spool.records()).isEqualTo(3);
            SpoolChunk chunk = spool.read(1 << 20);
            List<StationRef> spooled = chunk.entries().stream()
                    .map(entry -> {
                        try {
                            return RequestCodec.decode(entry.payload(), outcome -> {})
                                    .station();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    })
                    .toList();
            assertThat(spooled)
                    .containsExactly(
                            new StationRef(11, "KNOWN1"), new StationRef(12, "NEW0001"), new StationRef(13, "KNOWN2"));
        }
    }
}
