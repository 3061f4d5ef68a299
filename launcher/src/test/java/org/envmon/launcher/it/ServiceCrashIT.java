package org.envmon.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.envmon.ingest.testing.LoadPublisher;
import org.envmon.ingest.testing.TcpProxy;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.ZeroLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults 1 and 4: the service process killed with SIGKILL under sustained QoS 1 load, and killed
 * while its spool is draining; restarted on the same data directory while the load goes on.
 */
class ServiceCrashIT {
    private static final Logger log = LoggerFactory.getLogger(ServiceCrashIT.class);

    @TempDir
    Path dataDir;

    private static long stored(Connection c, String prefix) throws Exception {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM reading r JOIN station st ON st.id = r.station_id WHERE st.code LIKE ?")) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void sigkill_underQos1Load_restartedLoadContinuesAndEveryAckedReadingStoredOnce() throws Exception {
        Map<String, String> env = Map.of("ENVMON_DATA_DIR", dataDir.toString(), "ENVMON_UNKNOWN_STATIONS", "register");
        AtomicReference<ServiceProcess> service = new AtomicReference<>(ServiceProcess.start(env));
        LoadPublisher load = new LoadPublisher(() -> service.get().mqttUri(), "KILL", 4).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 1000);

        service.get().kill();
        long killedAt = System.nanoTime();
        int ackedAtKill = load.acknowledgedCount();
        service.set(ServiceProcess.start(env));
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() > ackedAtKill);
        Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= ackedAtKill + 1000);
        load.close();

        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + service.get().dbPort() + "/envmon", "postgres", "")) {
            ZeroLoss.verify("SIGKILL under load", c, load);
        }
        log.info(
                "FIGURES sigkill ackedAtKill={} firstAckAfterKill={}ms redeliveries={}",
                ackedAtKill,
                recovery.toMillis(),
                load.failures());
        service.get().stop();
    }

    @Test
    void sigkill_whileSpoolDrains_restartFinishesDrainAndEveryAckedReadingStoredOnce() throws Exception {
        String url = TestPostgres.newDatabase("drain_kill");
        URI uri = URI.create(url.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(uri.getPort());
                Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password())) {
            Map<String, String> env = Map.of(
                    "ENVMON_DATA_DIR",
                    dataDir.toString(),
                    "ENVMON_DB_URL",
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath(),
                    "ENVMON_DB_USER",
                    TestPostgres.user(),
                    "ENVMON_DB_PASSWORD",
                    TestPostgres.password(),
                    "ENVMON_DB_CONNECT_TIMEOUT",
                    "1s",
                    "ENVMON_UNKNOWN_STATIONS",
                    "register");
            AtomicReference<ServiceProcess> service = new AtomicReference<>(ServiceProcess.start(env));
            LoadPublisher load = new LoadPublisher(() -> service.get().mqttUri(), "DRAIN", 4).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 200);

            proxy.cut();
            int ackedAtCut = load.acknowledgedCount();
            await().atMost(Duration.ofMinutes(2)).until(() -> load.acknowledgedCount() >= ackedAtCut + 30_000);
            long storedBeforeDrain = stored(c, "DRAIN");
            proxy.restore();
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> stored(c, "DRAIN") > storedBeforeDrain + 2_000);
            service.get().kill();
            long killedAt = System.nanoTime();
            int ackedAtKill = load.acknowledgedCount();
            long storedAtKill = stored(c, "DRAIN");
            assertThat(storedAtKill).as("killed in the middle of the drain").isLessThan(2L * ackedAtKill);

            service.set(ServiceProcess.start(env));
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() > ackedAtKill);
            Duration firstAck = Duration.ofNanos(System.nanoTime() - killedAt);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= ackedAtKill + 500);
            load.close();
            await().atMost(Duration.ofMinutes(3)).until(() -> stored(c, "DRAIN") >= 2L * load.acknowledgedCount());
            Duration drained = Duration.ofNanos(System.nanoTime() - killedAt);

            ZeroLoss.verify("SIGKILL while the spool drains", c, load);
            log.info(
                    "FIGURES drain-kill ackedAtKill={} storedAtKill={} readings firstAckAfterKill={}ms "
                            + "drainedAfterKill={}ms redeliveries={}",
                    ackedAtKill,
                    storedAtKill,
                    firstAck.toMillis(),
                    drained.toMillis(),
                    load.failures());
            service.get().stop();
        }
    }
}
