package org.envmon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.cli.EnvmonCli;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.simulator.episode.DemoScript;
import org.junit.jupiter.api.Test;

/**
 * The one-command demo, five times faster than real time: it stores readings, raises and resolves
 * alerts, and makes the console's demo operator.
 */
class DemoIT {
    @Test
    void demo_fasterTimeline_storesReadingsAndFiresThenResolvesAlerts() throws Exception {
        String url = TestPostgres.newDatabase("demo");
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DB_URL", url);
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        env.put("ENVMON_MQTT_PORT", "0");
        env.put("ENVMON_HTTP_PORT", "0");
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> EnvmonCli.run(
                new String[] {"demo", "--time-scale", "0.2", "--duration", "25", "--board-every", "2"},
                env,
                List.of(DemoCommand.class),
                new PrintWriter(out, true),
                new PrintWriter(out, true)));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(count(
                                    url,
                                    "SELECT count(*) FROM alert a JOIN station s ON s.id = a.station_id "
                                            + "WHERE s.code = '" + DemoScript.SPILL_STATION
                                            + "' AND a.fired_at IS NOT NULL"))
                            .isPositive());
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(count(
                                    url,
                                    "SELECT count(*) FROM alert WHERE state = 'resolved' AND fired_at IS NOT NULL"))
                            .isPositive());
            assertThat(count(url, "SELECT count(*) FROM reading")).isPositive();
            assertThat(count(url, "SELECT count(DISTINCT station_id) FROM reading"))
                    .isEqualTo(90);
            assertThat(count(url, "SELECT count(*) FROM console_user WHERE name = 'demo' AND role = 'operator'"))
                    .isOne();
        } finally {
            assertThat(demo.get(90, TimeUnit.SECONDS)).isZero();
        }
    }

    private static long count(String url, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
