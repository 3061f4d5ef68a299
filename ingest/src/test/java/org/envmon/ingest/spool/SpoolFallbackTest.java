package org.envmon.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.envmon.ingest.config.EnvmonConfig.SpoolOverflow;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.pipeline.StationBinding;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.payload.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFallbackTest {
    private static final Instant TIME = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private static IngestRequest request(String station, StationBinding binding) {
        MessageOrigin origin = new MessageOrigin(Transport.HJ212_TCP, "peer", null, TIME);
        return new IngestRequest(origin, station, List.of(new Reading(TIME, (short) 1, 7.0, 'N')), List.of(),
                new byte[0], 0, outcome -> { }, List.of(), binding);
    }

    @Test
    void store_requestWaitingForItsStationsSettings_notSpooledAndNotAcknowledgedOthersSpooled() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SpoolMetrics metrics = new SpoolMetrics(registry);
        try (Spool spool = Spool.open(dir, 1024 * 1024, 64 * 1024, metrics)) {
            SpoolFallback fallback = new SpoolFallback(spool, SpoolOverflow.BACKPRESSURE, metrics);
            StationBinding needsSettings = profile -> new StationBinding.Content(List.of(), List.of(), List.of());

            List<WriteOutcome> outcomes = fallback.store(List.of(request("KNOWN1", null),
                    request("NEW0001", needsSettings), request("KNOWN2", null)), new IOException("database down"));

            assertThat(outcomes).extracting(WriteOutcome::committed).containsExactly(true, false, true);
            assertThat(spool.records()).isEqualTo(2);
            assertThat(registry.get("envmon.spool.unresolved.refused").counter().count()).isEqualTo(1);
        }
    }
}
