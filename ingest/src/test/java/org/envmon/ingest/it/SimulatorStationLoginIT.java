package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.envmon.ingest.cli.EnvmonCli;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.cli.SimulatorCli;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.load.LoadRunner;
import org.envmon.simulator.load.PayloadFormat;
import org.envmon.simulator.load.RunPlan;
import org.envmon.simulator.load.RunSummary;
import org.envmon.simulator.load.TransportKind;
import org.envmon.simulator.transport.MqttSettings;
import org.envmon.simulator.transport.StationCredentials;
import org.envmon.simulator.verify.Verifier;
import org.envmon.simulator.verify.VerifyResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The simulator against a service with anonymous MQTT off: every station logs in as itself with the secret
 * {@code envmon stations passwd --all --csv} printed, on a connection of its own, and nothing is lost.
 */
class SimulatorStationLoginIT {
    private static final int STATIONS = 20;
    private static final List<Station> STATION_LIST = Catalog.defaults().take(STATIONS);
    private static final double DIALECT_2005_SHARE = 0.25;
    private static TestService service;
    private static Path credentialsFile;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("simulator_logins", Map.of("ENVMON_MQTT_ALLOW_ANONYMOUS", "false"));
        Set<String> logins = new LinkedHashSet<>();
        for (PayloadFormat format : PayloadFormat.values()) {
            RunPlan probe = plan(format, mqtt(3, 1), Optional.empty());
            IntStream.range(0, STATIONS).mapToObj(probe::wireCode).forEach(logins::add);
        }
        for (String code : logins) {
            service.addStation(code);
        }
        credentialsFile = dir.resolve("logins.csv");
        Files.writeString(credentialsFile, envmon("stations", "passwd", "--all", "--csv"), StandardCharsets.UTF_8);
        assertThat(Files.readAllLines(credentialsFile)).hasSize(logins.size() + 1);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void runCommand_mqtt3JsonWithCredentialsFile_everyStationLoggedInAndEveryAckedReadingStoredOnce() throws Exception {
        long refusedBefore = refusals();
        Path summaryFile = dir.resolve("summary.json");
        CommandLine cli = SimulatorCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(
                "run",
                "--target",
                service.mqttUri(),
                "--credentials",
                credentialsFile.toString(),
                "--stations",
                Integer.toString(STATIONS),
                "--rate",
                "40",
                "--duration",
                "4s",
                "--progress",
                "1h",
                "--verify",
                service.jdbcUrl(),
                "--db-user",
                TestPostgres.user(),
                "--db-password",
                TestPostgres.password(),
                "--summary-json",
                summaryFile.toString());
        assertThat(exit).as(err.toString()).isZero();
        String summary = Files.readString(summaryFile);
        long sent = number(summary, "sent");
        assertThat(sent).isPositive();
        assertThat(number(summary, "acked")).isEqualTo(sent);
        assertThat(number(summary, "missing")).isZero();
        assertThat(number(summary, "duplicated")).isZero();
        assertThat(number(summary, "found"))
                .isEqualTo(number(summary, "ackedReadings"))
                .isPositive();
        assertThat(refusals()).isEqualTo(refusedBefore);
        assertThat(service.count("SELECT count(DISTINCT r.station_id) FROM reading r JOIN station s"
                        + " ON s.id = r.station_id WHERE s.code LIKE 'RS%'"))
                .isEqualTo(STATIONS);
    }

    @Test
    void loadRunner_mqtt5Hj212Qos2WithCredentials_everyAckedReadingStoredOnce() throws Exception {
        long refusedBefore = refusals();
        RunPlan plan = plan(PayloadFormat.HJ212, mqtt(5, 2), Optional.of(StationCredentials.load(credentialsFile)));
        LoadRunner runner = new LoadRunner(plan, Clock.systemUTC(), null);
        RunSummary summary = runner.run();
        VerifyResult result = new Verifier(
                        service.jdbcUrl(), Optional.of(TestPostgres.user()), Optional.of(TestPostgres.password()))
                .verify(runner.ledger());
        assertThat(summary.acked()).isEqualTo(summary.sent()).isPositive();
        assertThat(result.expected()).isEqualTo(summary.ackedReadings()).isPositive();
        assertThat(result.missing()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(refusals()).isEqualTo(refusedBefore);
    }

    @Test
    void loadRunner_withoutCredentialsOrWithAWrongSecret_refusedAtTheStartNamingTheStation() throws Exception {
        long anonymousBefore = service.rejections("anonymous_refused");
        long badBefore = service.rejections("bad_credentials");
        // one station, so exactly one anonymous CONNECT reaches the service
        RunPlan anonymous = plan(STATION_LIST.subList(0, 1), PayloadFormat.JSON, mqtt(3, 1), Optional.empty());
        assertThatThrownBy(() -> new LoadRunner(anonymous, Clock.systemUTC(), null).run())
                .isInstanceOf(LoadRunner.ConnectFailed.class)
                .hasMessageContaining("Not authorized");

        List<String> lines = Files.readAllLines(credentialsFile);
        String victim = STATION_LIST.get(7).code();
        Path wrong = dir.resolve("wrong.csv");
        Files.write(
                wrong,
                lines.stream()
                        .map(line -> line.startsWith(victim + ",") ? victim + ",not-it" : line)
                        .toList());
        assertThatThrownBy(() -> new LoadRunner(
                                plan(
                                        STATION_LIST,
                                        PayloadFormat.JSON,
                                        mqtt(3, 1),
                                        Optional.of(StationCredentials.load(wrong))),
                                Clock.systemUTC(),
                                null)
                        .run())
                .isInstanceOf(LoadRunner.ConnectFailed.class)
                .hasMessageContaining("station " + victim + " ");
        // refusals are recorded after the answer; waiting keeps them out of the other tests' counts
        await().atMost(Duration.ofSeconds(10))
                .until(() -> service.rejections("anonymous_refused") == anonymousBefore + 1
                        && service.rejections("bad_credentials") == badBefore + 1);
    }

    /** Login and topic refusals so far; a run with per-station logins must add none. */
    private static long refusals() throws Exception {
        return service.count("SELECT count(*) FROM rejected_message WHERE reason IN"
                + " ('anonymous_refused', 'bad_credentials', 'foreign_station')");
    }

    private static long number(String json, String key) {
        Matcher matcher = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertThat(matcher.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** Runs the envmon CLI against the service's database; returns what it printed on stdout. */
    private static String envmon(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DB_URL", service.jdbcUrl());
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EnvmonCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    private static MqttSettings mqtt(int version, int qos) {
        return new MqttSettings(
                URI.create(service.mqttUri()),
                version,
                qos,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(10),
                60);
    }

    private static RunPlan plan(PayloadFormat format, MqttSettings mqtt, Optional<StationCredentials> credentials) {
        return plan(STATION_LIST, format, mqtt, credentials);
    }

    private static RunPlan plan(
            List<Station> stations, PayloadFormat format, MqttSettings mqtt, Optional<StationCredentials> credentials) {
        return new RunPlan(
                stations,
                stations.size(),
                Optional.of(Duration.ofSeconds(4)),
                format,
                TransportKind.MQTT,
                mqtt,
                credentials,
                Optional.empty(),
                2,
                10,
                11,
                ZoneId.of("Asia/Shanghai"),
                Hj212Command.REAL_TIME,
                true,
                DIALECT_2005_SHARE,
                "123456",
                1,
                0,
                Map.of(),
                Map.of(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }
}
