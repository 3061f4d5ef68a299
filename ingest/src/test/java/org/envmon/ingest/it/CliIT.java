package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.security.PasswordHash;
import org.envmon.ingest.testing.Cli;
import org.envmon.ingest.testing.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a real database: configuration errors name the key, stations are managed. */
class CliIT {
    @TempDir
    Path dir;

    private static Result run(Map<String, String> env, String... args) {
        return Cli.run(env, args);
    }

    private static Map<String, String> database(String purpose) {
        return Cli.database(purpose);
    }

    @Test
    void serve_invalidEnvironmentValue_exitsWithMessageNamingKeyAndVariable() {
        Result result = run(Map.of("ENVMON_MQTT_PORT", "eighteen"), "serve");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("mqtt.port")
                .contains("ENVMON_MQTT_PORT")
                .contains("eighteen");
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
        assertThat(result.err())
                .contains("ingest.unknownStations")
                .contains("ENVMON_UNKNOWN_STATIONS")
                .contains("reject | register");
    }

    @Test
    void metrics_listShowsTheCatalogueAndAnUncataloguedFactorThatSetCompletes() throws Exception {
        Map<String, String> env = database("cli_metrics");
        assertThat(run(env, "migrate").exit()).isZero();
        try (Connection c = connect(env);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO metric (code, name, unit, aliases, catalogued, first_seen_at)"
                    + " VALUES ('x77001', 'x77001', '', '{}', false, now())");
        }

        Result all = run(env, "metrics", "list");
        assertThat(all.exit()).isZero();
        assertThat(all.out())
                .contains("a21026", "Sulphur dioxide", "二氧化硫", "mg/m3")
                .containsPattern("x77001 +x77001 .*uncatalogued since")
                .containsPattern("metric\\(s\\), 1 uncatalogued");
        Result uncatalogued = run(env, "metrics", "list", "--uncatalogued");
        assertThat(uncatalogued.out()).contains("x77001").doesNotContain("a21026");

        Result set = run(
                env,
                "metrics",
                "set",
                "x77001",
                "--name",
                "Thallium",
                "--name-zh",
                "铊",
                "--unit",
                "ug/L",
                "--decimals",
                "3",
                "--category",
                "water");
        assertThat(set.exit()).isZero();
        assertThat(run(env, "metrics", "list", "--uncatalogued").out()).contains("0 uncatalogued");
        assertThat(run(env, "metrics", "list").out())
                .containsPattern("x77001 +Thallium +铊 +ug/L +3 +water +catalogued");

        Result unknown = run(env, "metrics", "set", "nosuch", "--unit", "mg/L");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no factor with code 'nosuch'");
        Result nothing = run(env, "metrics", "set", "x77001");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to set");
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
        assertThat(list.out())
                .contains("RS001")
                .contains("Jinjiang, Wangjiang bridge")
                .contains("III")
                .contains("DS001")
                .contains("OF001")
                .contains("3 station(s)");
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
        assertThat(result.err())
                .contains("line 3")
                .contains("code 'BAD 1'")
                .contains("line 4")
                .contains("target_class 'VII'");
        assertThat(run(env, "stations", "list").out()).contains("0 station(s)");
    }

    @Test
    void stations_passwdSeveralCodesAsCsv_eachSecretMatchesItsStoredHash() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_csv", "PW01", "PW02", "PW03");
        Result result = run(env, "stations", "passwd", "PW03", "PW01", "PW03", "--csv");
        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("code,password");
        assertThat(lines.get(1)).startsWith("PW03,");
        assertThat(lines.get(2)).startsWith("PW01,");
        String secret3 = lines.get(1).substring("PW03,".length());
        String secret1 = lines.get(2).substring("PW01,".length());
        assertThat(secret1).isNotEqualTo(secret3).matches("[A-Za-z0-9_-]{32}");
        assertThat(PasswordHash.matches(hashOf(env, "PW01"), utf8(secret1))).isTrue();
        assertThat(PasswordHash.matches(hashOf(env, "PW03"), utf8(secret3))).isTrue();
        assertThat(PasswordHash.matches(hashOf(env, "PW03"), utf8(secret1))).isFalse();
        assertThat(hashOf(env, "PW02")).isNull();
    }

    @Test
    void stations_passwdToOutputFile_ownerOnlyFileHoldsTheSecretsNothingPrinted() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_output", "OUT01", "OUT02");
        Path file = Files.createTempDirectory("envmon-secrets").resolve("stations.csv");

        Result result = run(env, "stations", "passwd", "--all", "--output", file.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        List<String> lines = Files.readAllLines(file);
        assertThat(codesOf(String.join("\n", lines))).containsExactlyInAnyOrder("OUT01", "OUT02");
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",", 2);
            assertThat(PasswordHash.matches(hashOf(env, parts[0]), utf8(parts[1])))
                    .isTrue();
            assertThat(result.out() + result.err()).doesNotContain(parts[1]);
        }
    }

    @Test
    void stations_passwdToAnExistingFile_refusedAndNothingChanged() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_output_exists", "OUT03");
        Path file = Files.createTempFile("envmon-secrets", ".csv");
        Files.writeString(file, "keep me");

        Result result = run(env, "stations", "passwd", "OUT03", "--output", file.toString());

        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("exists already");
        assertThat(Files.readString(file)).isEqualTo("keep me");
        assertThat(hashOf(env, "OUT03")).isNull();
    }

    @Test
    void stations_passwdToOutputFileForAnUnknownCode_noFileLeftBehind() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_output_unknown", "OUT04");
        Path file = Files.createTempDirectory("envmon-secrets").resolve("stations.csv");

        Result result = run(env, "stations", "passwd", "OUT04", "NOPE", "--output", file.toString());

        assertThat(result.exit()).isNotZero();
        assertThat(file).doesNotExist();
        assertThat(hashOf(env, "OUT04")).isNull();
    }

    @Test
    void stations_passwdSeveralCodes_printsEachCodeWithItsSecret() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_human", "HU01", "HU02");
        Result result = run(env, "stations", "passwd", "HU01", "HU02");
        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("2 station(s)").contains("shown only now");
        for (int i = 1; i <= 2; i++) {
            String[] cells = lines.get(i).split("\\s+");
            assertThat(cells[0]).isEqualTo("HU0" + i);
            assertThat(PasswordHash.matches(hashOf(env, cells[0]), utf8(cells[1])))
                    .isTrue();
        }
    }

    @Test
    void stations_passwdWithAnUnknownCode_nothingChangedAndEveryUnknownCodeNamed() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_unknown", "UK01", "UK02");
        assertThat(run(env, "stations", "passwd", "UK01").exit()).isZero();
        String before = hashOf(env, "UK01");

        Result result = run(env, "stations", "passwd", "UK01", "NOSUCH1", "UK02", "NOSUCH2", "--csv");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains("'NOSUCH1'")
                .contains("'NOSUCH2'")
                .contains("no password was changed")
                .doesNotContain("'UK01'")
                .doesNotContain("'UK02'");
        assertThat(result.out()).isEmpty();
        assertThat(hashOf(env, "UK01")).isEqualTo(before);
        assertThat(hashOf(env, "UK02")).isNull();
    }

    @Test
    void stations_passwdAll_onlyActiveStationsWithoutPasswordUnlessRotate() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_all", "AL01", "AL02", "AL03", "AL04");
        assertThat(run(env, "stations", "passwd", "AL01").exit()).isZero();
        String al01Before = hashOf(env, "AL01");
        execute(env, "UPDATE station SET active = false WHERE code = 'AL04'");

        Result fill = run(env, "stations", "passwd", "--all", "--csv");
        assertThat(fill.exit()).as(fill.err()).isZero();
        assertThat(codesOf(fill.out())).containsExactly("AL02", "AL03");
        assertThat(hashOf(env, "AL01")).isEqualTo(al01Before);
        assertThat(hashOf(env, "AL04")).isNull();

        Result nothingLeft = run(env, "stations", "passwd", "--all");
        assertThat(nothingLeft.exit()).isZero();
        assertThat(nothingLeft.out()).contains("No active station without an MQTT password");

        String al02Before = hashOf(env, "AL02");
        Result rotated = run(env, "stations", "passwd", "--all", "--rotate", "--csv");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(codesOf(rotated.out())).containsExactly("AL01", "AL02", "AL03");
        assertThat(hashOf(env, "AL01")).isNotEqualTo(al01Before);
        assertThat(hashOf(env, "AL02")).isNotEqualTo(al02Before);
        assertThat(hashOf(env, "AL04")).isNull();
    }

    @Test
    void stations_passwdContradictoryArguments_usageErrorAndNothingChanged() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_passwd_usage", "US01");
        assertThat(run(env, "stations", "passwd").exit()).isEqualTo(2);
        assertThat(run(env, "stations", "passwd", "US01", "--all").exit()).isEqualTo(2);
        Result rotate = run(env, "stations", "passwd", "US01", "--rotate");
        assertThat(rotate.exit()).isEqualTo(2);
        assertThat(rotate.err()).contains("--rotate goes with --all");
        assertThat(hashOf(env, "US01")).isNull();
    }

    @Test
    void stations_list_saysWhichStationsHavePasswordsButNeverShowsThem() throws Exception {
        Map<String, String> env = stationsWithoutPasswords("cli_list_passwords", "LS01", "LS02");
        assertThat(run(env, "stations", "add", "--code", "LS03", "--hj212-password", "654321")
                        .exit())
                .isZero();
        String secret = run(env, "stations", "passwd", "LS02")
                .out()
                .strip()
                .lines()
                .reduce((a, b) -> b)
                .orElseThrow();

        Result list = run(env, "stations", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        List<String> header = List.of(lines.get(0).split("\\s+"));
        int mqtt = header.indexOf("MQTT-PW");
        int hj212 = header.indexOf("HJ212-PW");
        assertThat(mqtt).isPositive();
        assertThat(hj212).isEqualTo(header.size() - 1);
        Map<String, List<String>> rows = new HashMap<>();
        lines.subList(1, 4).forEach(line -> {
            List<String> cells = List.of(line.split("\\s+"));
            // empty cells (river, class) vanish when splitting on spaces, so the password columns count from the end
            rows.put(cells.get(0), cells.subList(cells.size() - 2, cells.size()));
        });
        assertThat(rows)
                .containsEntry("LS01", List.of("no", "no"))
                .containsEntry("LS02", List.of("yes", "no"))
                .containsEntry("LS03", List.of("no", "yes"));
        assertThat(list.out()).doesNotContain(secret).doesNotContain("pbkdf2").doesNotContain("654321");
    }

    private static Map<String, String> stationsWithoutPasswords(String purpose, String... codes) {
        Map<String, String> env = database(purpose);
        for (String code : codes) {
            Result added = run(env, "stations", "add", "--code", code);
            assertThat(added.exit()).as(added.err()).isZero();
        }
        return env;
    }

    private static List<String> codesOf(String csv) {
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("code,password");
        return lines.subList(1, lines.size()).stream()
                .map(line -> line.substring(0, line.indexOf(',')))
                .toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Connection connect(Map<String, String> env) throws SQLException {
        return Cli.connect(env);
    }

    private static String hashOf(Map<String, String> env, String code) throws SQLException {
        try (Connection c = connect(env);
                PreparedStatement s = c.prepareStatement("SELECT mqtt_password_hash FROM station WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("station " + code).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static void execute(Map<String, String> env, String sql) throws SQLException {
        try (Connection c = connect(env);
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    void migrate_freshDatabase_reportsStorageMode() {
        Result result = run(database("cli_migrate"), "migrate");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Schema is up to date (storage mode: postgresql");
    }
}
