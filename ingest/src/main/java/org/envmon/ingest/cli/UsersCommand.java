package org.envmon.ingest.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.envmon.ingest.account.Role;
import org.envmon.ingest.account.UserName;
import org.envmon.ingest.account.UserPassword;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.security.SecretIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "users",
        description = "Manage the staff console's accounts (viewer, operator, admin). Passwords are generated,"
                + " shown once and stored as salted hashes.",
        subcommands = {
            UsersCommand.Add.class,
            UsersCommand.Passwd.class,
            UsersCommand.ListUsers.class,
            UsersCommand.Remove.class
        })
final class UsersCommand implements Runnable {
    static final String CSV_HEADER = "name,password";
    private static final DateTimeFormatter UTC_MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    interface StoreAction<T> {
        T apply(UserStore users) throws SQLException;
    }

    static <T> T withUsers(EnvmonConfig config, StoreAction<T> action) throws SQLException {
        return CommandDatabase.with(config, dataSource -> action.apply(new UserStore(dataSource)));
    }

    private static String validName(String name) {
        UserName.problem(name).ifPresent(problem -> {
            throw new InvalidInput(problem);
        });
        return name;
    }

    /** A generated password with the hash the table keeps. */
    private static void printPassword(
            CommandSpec spec, boolean csv, String name, SecretIssuer.Issued password, String what) {
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            out.println(CSV_HEADER);
            out.println(name + "," + password.secret());
        } else {
            out.println(what + " (shown only now):");
            out.println(password.secret());
        }
    }

    @Command(name = "add", description = "Add a user with a generated password, printed once.")
    static final class Add extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Login name: letters, digits and . _ @ -, at most 64.")
        String name;

        @Option(
                names = "--role",
                required = true,
                description = "viewer (reads), operator (also acknowledges alerts, sets maintenance) or admin (also"
                        + " manages users): ${COMPLETION-CANDIDATES}",
                converter = RoleConverter.class,
                completionCandidates = RoleNames.class)
        Role role;

        @Option(names = "--csv", description = "Print '" + CSV_HEADER + "' lines instead; they hold the secret.")
        boolean csv;

        @Override
        public Integer call() throws Exception {
            validName(name);
            EnvmonConfig cfg = loadConfig(config);
            SecretIssuer.Issued password = UserPassword.issue();
            if (!withUsers(cfg, users -> users.add(name, role, password.hash()))) {
                spec.commandLine()
                        .getErr()
                        .println("envmon: a user named '" + name + "' exists (names ignore case); nothing changed."
                                + " A new password: envmon users passwd " + name);
                return EnvmonCli.EXIT_FAILURE;
            }
            printPassword(spec, csv, name, password, "Password of " + role.label() + " " + name);
            return 0;
        }
    }

    @Command(
            name = "passwd",
            description = "Give a user a new generated password, printed once; the old one stops" + " working at once.")
    static final class Passwd extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The user's login name.")
        String name;

        @Option(names = "--csv", description = "Print '" + CSV_HEADER + "' lines instead; they hold the secret.")
        boolean csv;

        @Override
        public Integer call() throws Exception {
            EnvmonConfig cfg = loadConfig(config);
            SecretIssuer.Issued password = UserPassword.issue();
            if (!withUsers(cfg, users -> users.setPasswordHash(name, password.hash()))) {
                spec.commandLine()
                        .getErr()
                        .println("envmon: no user named '" + name + "'; add one: envmon users add " + name
                                + " --role viewer");
                return EnvmonCli.EXIT_FAILURE;
            }
            printPassword(spec, csv, name, password, "New password of " + name + " (the old one no longer works)");
            return 0;
        }
    }

    @Command(name = "list", description = "List the users with their roles (never their passwords).")
    static final class ListUsers extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<UserStore.User> users = withUsers(loadConfig(config), UserStore::list);
            PrintWriter out = spec.commandLine().getOut();
            int width = Math.max(
                    4, users.stream().mapToInt(u -> u.name().length()).max().orElse(0));
            out.printf(Locale.ROOT, "%-" + width + "s  %-8s  %-20s  %s%n", "NAME", "ROLE", "ADDED", "PASSWORD SET");
            for (UserStore.User user : users) {
                out.printf(
                        Locale.ROOT,
                        "%-" + width + "s  %-8s  %-20s  %s%n",
                        user.name(),
                        user.role().label(),
                        UTC_MINUTES.format(user.createdAt()),
                        UTC_MINUTES.format(user.passwordSetAt()));
            }
            out.println(users.size() + " user(s)");
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a user; audit records keep the name.")
    static final class Remove extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
        @Mixin
        EnvmonCli.ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The user's login name.")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!withUsers(loadConfig(config), users -> users.remove(name))) {
                spec.commandLine().getErr().println("envmon: no user named '" + name + "'; nothing removed");
                return EnvmonCli.EXIT_FAILURE;
            }
            spec.commandLine().getOut().println("Removed user " + name);
            return 0;
        }
    }

    /** Role names in lower case, as people write them. */
    static final class RoleConverter implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            for (Role role : Role.values()) {
                if (role.label().equals(value.toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a role; use viewer, operator or admin");
        }
    }

    static final class RoleNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Role.values()).map(Role::label).iterator();
        }
    }
}
