package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.security.PasswordHash;
import org.envmon.ingest.testing.Cli;
import org.envmon.ingest.testing.Cli.Result;
import org.junit.jupiter.api.Test;

/** {@code envmon users}: console accounts against a real database, each password shown once and stored hashed. */
class UsersCliIT {

    private static String hashOf(Map<String, String> env, String name) throws SQLException {
        try (Connection c = Cli.connect(env);
                PreparedStatement s =
                        c.prepareStatement("SELECT password_hash FROM console_user WHERE lower(name) = lower(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean matches(Map<String, String> env, String name, String password) throws SQLException {
        return PasswordHash.matches(hashOf(env, name), password.getBytes(StandardCharsets.UTF_8));
    }

    private static String passwordFromCsv(Result result, String name) {
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("name,password");
        assertThat(lines.get(1)).startsWith(name + ",");
        return lines.get(1).substring(name.length() + 1);
    }

    @Test
    void add_thenPasswd_eachPrintedPasswordMatchesTheStoredHashAndTheOldOneStopsWorking() throws Exception {
        Map<String, String> env = Cli.database("cli_users_passwd");
        assertThat(Cli.run(env, "migrate").exit()).isZero();

        Result added = Cli.run(env, "users", "add", "liwei", "--role", "operator", "--csv");
        assertThat(added.exit()).as(added.err()).isZero();
        String first = passwordFromCsv(added, "liwei");
        assertThat(first).matches("[a-km-zA-HJ-NP-Z2-9]{20}");
        assertThat(hashOf(env, "liwei")).startsWith("pbkdf2-sha256$").doesNotContain(first);
        assertThat(matches(env, "liwei", first)).isTrue();

        Result changed = Cli.run(env, "users", "passwd", "LiWei");
        assertThat(changed.exit()).as(changed.err()).isZero();
        List<String> lines = changed.out().lines().toList();
        assertThat(lines.get(0)).contains("New password of LiWei", "shown only now");
        String second = lines.get(1);
        assertThat(second).isNotEqualTo(first).hasSize(20);
        assertThat(matches(env, "liwei", second)).isTrue();
        assertThat(matches(env, "liwei", first)).as("the old password").isFalse();
    }

    @Test
    void add_sameNameInAnotherCase_refusedAndTheFirstUserKept() throws Exception {
        Map<String, String> env = Cli.database("cli_users_duplicate");
        Result first = Cli.run(env, "users", "add", "王芳", "--role", "viewer", "--csv");
        assertThat(first.exit()).as(first.err()).isZero();
        String password = passwordFromCsv(first, "王芳");
        Cli.run(env, "users", "add", "Admin.Zhang", "--role", "admin");

        Result again = Cli.run(env, "users", "add", "admin.zhang", "--role", "viewer");
        Cli.run(env, "users", "add", "Ärger", "--role", "viewer");
        Result umlaut = Cli.run(env, "users", "add", "ärger", "--role", "viewer");

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("a user named 'admin.zhang' exists", "envmon users passwd admin.zhang");
        assertThat(again.out()).isEmpty();
        assertThat(umlaut.exit())
                .as("case beyond ASCII, whatever the database's locale")
                .isEqualTo(1);
        assertThat(matches(env, "王芳", password)).isTrue();
        Result list = Cli.run(env, "users", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().toList())
                .hasSize(5)
                .anySatisfy(line -> assertThat(line).startsWith("Admin.Zhang").contains("admin"))
                .anySatisfy(line -> assertThat(line).startsWith("Ärger"))
                .anySatisfy(line -> assertThat(line).startsWith("王芳").contains("viewer"))
                .last()
                .isEqualTo("3 user(s)");
        assertThat(list.out()).doesNotContain("pbkdf2", password);
    }

    @Test
    void add_badNameOrRole_refusedWithTheRuleAndNothingStored() throws Exception {
        Map<String, String> env = Cli.database("cli_users_invalid");
        assertThat(Cli.run(env, "migrate").exit()).isZero();

        Result comma = Cli.run(env, "users", "add", "li,wei", "--role", "viewer");
        Result role = Cli.run(env, "users", "add", "liwei", "--role", "boss");
        Result noRole = Cli.run(env, "users", "add", "liwei");

        assertThat(comma.exit()).isEqualTo(2);
        assertThat(comma.err()).contains("letters, digits and . _ @ - only", "','");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.err()).contains("'boss' is not a role; use viewer, operator or admin");
        assertThat(noRole.exit()).isEqualTo(2);
        assertThat(noRole.err()).contains("--role");
        assertThat(Cli.run(env, "users", "list").out()).contains("0 user(s)");
    }

    @Test
    void remove_existingAndUnknown_removedOnceThenRefused() throws Exception {
        Map<String, String> env = Cli.database("cli_users_remove");
        Cli.run(env, "users", "add", "temp-operator", "--role", "operator");

        Result removed = Cli.run(env, "users", "remove", "TEMP-operator");
        Result again = Cli.run(env, "users", "remove", "temp-operator");
        Result passwd = Cli.run(env, "users", "passwd", "temp-operator");

        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("Removed user TEMP-operator");
        assertThat(hashOf(env, "temp-operator")).isNull();
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no user named 'temp-operator'; nothing removed");
        assertThat(passwd.exit()).isEqualTo(1);
        assertThat(passwd.err()).contains("no user named 'temp-operator'", "envmon users add temp-operator");
    }
}
