package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.envmon.ingest.service.EnvmonService;
import org.envmon.ingest.testing.LoadPublisher;
import org.envmon.ingest.testing.TcpProxy;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.ZeroLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault 3: the connection to the database cut (reset) or hung (packets dropped, which only the
 * commit timeout detects) through a proxy the test controls, then restored; and fault 5: a
 * spool segment whose last record is torn when the service starts.
 */
class DatabaseConnectionCutIT {
    private static final Logger log = LoggerFactory.getLogger(DatabaseConnectionCutIT.class);
    private static final Duration FAULT = Duration.ofSeconds(8);

    @TempDir
    Path dataDir;

    private static String proxiedUrl(String url, TcpProxy proxy) {
        URI uri = URI.create(url.substring("jdbc:".length()));
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath();
    }

    private static int portOf(String url) {
        return URI.create(url.substring("jdbc:".length())).getPort();
    }

    private void runFault(String name, boolean hang) throws Exception {
        String url = TestPostgres.newDatabase("cut");
        try (TcpProxy proxy = new TcpProxy(portOf(url));
                EnvmonService service = EnvmonService.start(DatabaseOutageIT.config(dataDir, proxiedUrl(url, proxy)))) {
            LoadPublisher load = new LoadPublisher(() -> "tcp://127.0.0.1:" + service.mqttPort(), "CUT", 4).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= 200);

            if (hang) {
                proxy.hang();
            } else {
                proxy.cut();
            }
            long faultAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.health().spool().spooling());
            Duration detection = Duration.ofNanos(System.nanoTime() - faultAt);
            int ackedAtSpool = load.acknowledgedCount();
            await().during(FAULT)
                    .atMost(FAULT.plusSeconds(10))
                    .until(() -> service.health().spool().spooling());
            int ackedDuringFault = load.acknowledgedCount() - ackedAtSpool;
            assertThat(ackedDuringFault)
                    .as("acknowledgements while the database was cut off")
                    .isGreaterThan(50);

            proxy.restore();
            long restoredAt = System.nanoTime();
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> !service.health().spool().spooling());
            Duration recovery = Duration.ofNanos(System.nanoTime() - restoredAt);
            int ackedAfterDrain = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= ackedAfterDrain + 100);
            load.close();

            try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password())) {
                ZeroLoss.verify(name, c, load);
            }
            log.info(
                    "FIGURES {} fault={}s detection={}ms ackedDuringFault={} drainTime={}ms redeliveries={}",
                    name,
                    FAULT.toSeconds(),
                    detection.toMillis(),
                    ackedDuringFault,
                    recovery.toMillis(),
                    load.failures());
        }
    }

    @Test
    void connectionCut_underQos1Load_spooledAndDrainedWithZeroLoss() throws Exception {
        runFault("connection cut (reset)", false);
    }

    @Test
    void connectionHung_underQos1Load_commitTimeoutSpoolsAndDrainsWithZeroLoss() throws Exception {
        runFault("connection hung (commit timeout)", true);
    }

    @Test
    void restart_spoolSegmentWithTornTail_tailTruncatedReportedAndEveryAckedReadingStoredOnce() throws Exception {
        String url = TestPostgres.newDatabase("torn");
        LoadPublisher load;
        try (TcpProxy proxy = new TcpProxy(portOf(url))) {
            String proxied = proxiedUrl(url, proxy);
            try (EnvmonService service = EnvmonService.start(DatabaseOutageIT.config(dataDir, proxied))) {
                proxy.cut();
                load = new LoadPublisher(() -> "tcp://127.0.0.1:" + service.mqttPort(), "TORN", 2).start();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 300);
                load.close();
                assertThat(service.health().spool().records()).isGreaterThanOrEqualTo(300);
            }
            Path segment = lastSegment(dataDir.resolve("spool"));
            // A power loss mid-append leaves the start of a record that was never fsynced, hence never
            // acknowledged: the file ends mid-record. Reproduce it with the first half of a copy of
            // the segment's opening record.
            byte[] bytes = Files.readAllBytes(segment);
            int recordLength = 8 + ByteBuffer.wrap(bytes, 32, 4).getInt();
            byte[] torn = Arrays.copyOfRange(bytes, 32, 32 + recordLength / 2);
            Files.write(segment, torn, StandardOpenOption.APPEND);

            proxy.restore();
            try (EnvmonService restarted = EnvmonService.start(DatabaseOutageIT.config(dataDir, proxied))) {
                assertThat(restarted
                                .registry()
                                .get("envmon.spool.truncations")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
                assertThat(restarted
                                .registry()
                                .get("envmon.spool.truncated.bytes")
                                .counter()
                                .count())
                        .isEqualTo(torn.length);
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> !restarted.health().spool().spooling());
                try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password())) {
                    ZeroLoss.verify("torn spool tail", c, load);
                    try (var s = c.createStatement();
                            var rs = s.executeQuery("SELECT count(*) FROM rejected_message")) {
                        rs.next();
                        assertThat(rs.getLong(1))
                                .as("nothing of the torn record replayed, not even as quarantine")
                                .isZero();
                    }
                }
            }
        }
    }

    private static Path lastSegment(Path spoolDir) throws Exception {
        try (Stream<Path> files = Files.list(spoolDir)) {
            List<Path> segments =
                    files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
            assertThat(segments).isNotEmpty();
            return segments.get(segments.size() - 1);
        }
    }
}
