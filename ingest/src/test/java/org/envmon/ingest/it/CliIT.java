package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.envmon.ingest.cli.EnvmonCli;
import org.envmon.ingest.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a real database: configuration errors name the key, stations are managed. */
class CliIT {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EnvmonCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private static Map<String, String> database(String purpose) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DB_URL", TestPostgres.newDatabase(purpose));
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        return env;
    }

    @Test
    void serve_invalidEnvironmentValue_exitsWithMessageNamingKeyAndVariable() {
        Result result = run(Map.of("ENVMON_MQTT_PORT", "eighteen"), "serve");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("mqtt.port").contains("ENVMON_MQTT_PORT").contains("eighteen");
    }

    @Test
    void serve_unknownKeyInFile_exitsWithMessageNamingKey() throws Exception {
        Path config = dir.resolve("envmon.yaml");
        Files.writeString(config, "mqtt:\n  port: 1883\n  maxPacketSise: 1000\n");
        Result result = run(Map.of(), "serve", "--config", config.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("mqtt.maxPacketSise").contains(config.toString());
    }

    @Test
    void serve_badChoiceInFile_messageListsAllowedValues() throws Exception {
        Path config = dir.resolve("envmon.yaml");
        Files.writeString(config, "ingest:\n  unknownStations: accept\n");
        Result result = run(Map.of(), "serve", "-c", config.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("ingest.unknownStations").contains("ENVMON_UNKNOWN_STATIONS")
                .contains("reject | register");
    }

    @Test
    void stations_importThenList_showsStationsAndReportsUpdates() throws Exception {
        Map<String, String> env = database("cli_stations");
        Path csv = dir.resolve("stations.csv");
        Files.writeString(csv, """
                code,name,kind,river,township,lat,lon,target_class,timezone
                RS001,"Jinjiang, Wangjiang bridge",river_section,Jinjiang,Wangjiang,30.63,104.09,III,
                DS001,Site 1,dust_site,,Chunxi,30.65,104.08,,Asia/Shanghai
                """, StandardCharsets.UTF_8);
        Result imported = run(env, "stations", "import", csv.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 2 station(s): 2 added, 0 updated");

        Result again = run(env, "stations", "import", csv.toString());
        assertThat(again.out()).contains("0 added, 2 updated");

        Result added = run(env, "stations", "add", "--code", "OF001", "--kind", "outfall", "--name", "Outfall 1");
        assertThat(added.exit()).isZero();
        assertThat(added.out()).contains("Added station OF001");

        Result list = run(env, "stations", "list");
        assertThat(list.out()).contains("RS001").contains("Jinjiang, Wangjiang bridge").contains("III")
                .contains("DS001").contains("OF001").contains("3 station(s)");
    }

    @Test
    void stations_importWithBadRows_nothingImportedAndEachRowNamed() throws Exception {
        Map<String, String> env = database("cli_bad_csv");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, """
                code,name,kind,river,township,lat,lon,target_class,timezone
                OK1,Fine,river_section,,,,,II,
                BAD 1,Space in code,river_section,,,,,,
                BAD2,Bad class,river_section,,,,,VII,
                """, StandardCharsets.UTF_8);
        Result result = run(env, "stations", "import", csv.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("line 3").contains("code 'BAD 1'").contains("line 4")
                .contains("target_class 'VII'");
        assertThat(run(env, "stations", "list").out()).contains("0 station(s)");
    }

    @Test
    void migrate_freshDatabase_reportsStorageMode() {
        Result result = run(database("cli_migrate"), "migrate");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Schema is up to date (storage mode: postgresql");
    }
}
