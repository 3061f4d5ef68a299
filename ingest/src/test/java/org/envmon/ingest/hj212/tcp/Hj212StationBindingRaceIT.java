package org.envmon.ingest.hj212.tcp;

import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.Hj212Frame;
import org.envmon.ingest.hj212.Hj212TestVectors;
import org.envmon.ingest.intake.Hj212Requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.config.EnvmonConfig.UnknownStationPolicy;
import org.envmon.ingest.config.EnvmonConfig.WriteStrategy;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.TimeWindow;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.store.ReadingWriter;
import org.envmon.ingest.store.RejectionStore;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/**
 * A frame decoded while the event loop did not know its station yet, written after the service has
 * learnt it (a directory refresh, or an earlier batch that resolved it): the station's PW must still
 * decide, not the unchecked first decoding.
 */
class Hj212StationBindingRaceIT {
    private static final String MN = "010000A8900016F0001RACE1";

    @Test
    void write_stationLearntBetweenDecodeAndWrite_framesStillCheckedAgainstItsPassword() throws Exception {
        try (TestService envmon = TestService.start("binding_race", Map.of())) {
            envmon.addStation(MN);
            int stationId = (int) envmon.count("SELECT id FROM station WHERE code = ?", MN);
            short ph = (short) envmon.count("SELECT id FROM metric WHERE code = 'w01001'");
            Instant now = Instant.now();
            StationDirectory stations = new StationDirectory();
            MetricCatalog catalog = new MetricCatalog(List.of(new Metric(ph, "w01001", "001", "pH", "", 2,
                    List.of("ph"))));
            Hj212Decoder decoder = new Hj212Decoder(catalog, stations, new TimeWindow(Clock.systemUTC(),
                    Duration.ofMinutes(10), Duration.ofDays(3650)), ZoneOffset.UTC);
            Hj212Requests requests = new Hj212Requests(decoder, stations, 4096);
            Hj212Frame frame = Hj212TestVectors.frameOf(Hj212TestFrames.frame("QN=20240601200000000;ST=21;CN=2011;"
                    + "PW=WRONG;MN=" + MN + ";Flag=5;CP=&&DataTime=" + Hj212TestFrames.dataTime(now.minusSeconds(60))
                    + ";w01001-Rtd=7.1,w01001-Flag=N&&"));
            List<WriteOutcome> outcomes = new ArrayList<>();
            IngestRequest request = requests.request(new MessageOrigin(Transport.HJ212_TCP, "peer", null, now), MN,
                    List.of(frame), Optional.empty(), true, frame.raw(), frame.raw().length, outcomes::add);
            assertThat(request.binding()).as("decoded without the station's settings").isNotNull();

            stations.put(MN, new StationProfile(stationId, Hj212TestFrames.SHANGHAI, Optional.of("secret"),
                    CrcMode.STANDARD));
            BatchWriter writer = new BatchWriter(new IngestQueue(1 << 20), envmon.service().database().dataSource(),
                    ReadingWriter.of(WriteStrategy.UNNEST), new RejectionStore(), stations,
                    new IngestMetrics(new SimpleMeterRegistry()), new BatchWriter.Settings(100,
                    UnknownStationPolicy.REJECT, ZoneOffset.UTC, 4096, Duration.ofSeconds(10)),
                    BatchWriter.Fallback.NONE, readings -> { });
            writer.writeBatch(List.of(request), BatchWriter.BeforeCommit.NONE);

            assertThat(outcomes).singleElement().satisfies(outcome -> {
                assertThat(outcome.accepted()).isZero();
                assertThat(outcome.rejected()).containsExactly(RejectReason.HJ212_PASSWORD_MISMATCH);
            });
            assertThat(envmon.readingsOf(MN)).isZero();
        }
    }
}
