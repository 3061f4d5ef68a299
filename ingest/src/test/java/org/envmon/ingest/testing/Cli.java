package org.envmon.ingest.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.envmon.ingest.cli.EnvmonCli;

/** The command line run in-process against an environment, with what it printed. */
public final class Cli {
    private Cli() {}

    public record Result(int exit, String out, String err) {}

    public static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EnvmonCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    /** The environment of a fresh database on the shared test PostgreSQL. */
    public static Map<String, String> database(String purpose) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_DB_URL", TestPostgres.newDatabase(purpose));
        env.put("ENVMON_DB_USER", TestPostgres.user());
        env.put("ENVMON_DB_PASSWORD", TestPostgres.password());
        return env;
    }

    public static Connection connect(Map<String, String> env) throws SQLException {
        return DriverManager.getConnection(
                env.get("ENVMON_DB_URL"), env.get("ENVMON_DB_USER"), env.get("ENVMON_DB_PASSWORD"));
    }
}
