package org.envmon.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option checks of {@code run --credentials}: each refusal comes before any connection is tried. */
class RunCommandCredentialsTest {
    @TempDir
    Path dir;

    private record Result(int exit, String err) {}

    private static Result run(String... args) {
        CommandLine cli = SimulatorCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), err.toString());
    }

    /** A port nothing listens on: a run that got as far as connecting would fail with exit 1 there. */
    private static String deadTarget() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "tcp://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private Path logins(String csv) throws IOException {
        Path file = dir.resolve("logins.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void run_stationMissingFromCredentials_usageErrorNamingItBeforeConnecting() throws IOException {
        Path file = logins("code,password\nRS01,a\nRS03,c\n");
        Result result = run(
                "run",
                "--target",
                deadTarget(),
                "--stations",
                "3",
                "--duration",
                "1s",
                "--credentials",
                file.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("RS02")
                .contains(file.toString())
                .doesNotContain("RS01")
                .doesNotContain("Exception");
    }

    @Test
    void run_credentialsWithUsernameOrConnections_refused() throws IOException {
        Path file = logins("code,password\nRS01,a\n");
        Result withUser = run(
                "run",
                "--target",
                deadTarget(),
                "--stations",
                "1",
                "--credentials",
                file.toString(),
                "--username",
                "RS01",
                "--password",
                "x");
        assertThat(withUser.exit()).isEqualTo(2);
        assertThat(withUser.err()).contains("--username/--password");
        Result withConnections = run(
                "run",
                "--target",
                deadTarget(),
                "--stations",
                "1",
                "--credentials",
                file.toString(),
                "--connections",
                "2");
        assertThat(withConnections.exit()).isEqualTo(2);
        assertThat(withConnections.err()).contains("--connections");
    }

    @Test
    void run_credentialsFileMissing_usageErrorNamingIt() throws IOException {
        Result result = run(
                "run",
                "--target",
                deadTarget(),
                "--credentials",
                dir.resolve("nope.csv").toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("nope.csv");
    }

    @Test
    void run_refusedConnection_oneLineNamingTheStationNotAStackTrace() throws IOException {
        Path file = logins("code,password\nRS01,a\n");
        Result result = run(
                "run",
                "--target",
                deadTarget(),
                "--stations",
                "1",
                "--duration",
                "1s",
                "--credentials",
                file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("station RS01 could not connect").doesNotContain("\tat ");
    }
}
