package org.envmon.ingest.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code console_user} table. Names are matched by {@link UserName#key}: whatever their case. */
public final class UserStore {
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public UserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One account as listed: never its password hash. */
    public record User(String name, Role role, Instant createdAt, Instant passwordSetAt) {}

    /** Adds a user; false when one of that name (in any case) exists, which is left as it is. */
    public boolean add(String name, Role role, String passwordHash) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO console_user (name, name_key, role, password_hash) VALUES (?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, UserName.key(name));
            s.setString(3, role.label());
            s.setString(4, passwordHash);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces a user's password hash; false when there is no such user. */
    public boolean setPasswordHash(String name, String passwordHash) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE console_user SET password_hash = ?," + " password_set_at = now() WHERE name_key = ?")) {
            s.setString(1, passwordHash);
            s.setString(2, UserName.key(name));
            return s.executeUpdate() == 1;
        }
    }

    /** Gives a user another role; false when there is no such user. */
    public boolean setRole(String name, Role role) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE console_user SET role = ? WHERE name_key = ?")) {
            s.setString(1, role.label());
            s.setString(2, UserName.key(name));
            return s.executeUpdate() == 1;
        }
    }

    /** Removes a user; false when there is no such user. */
    public boolean remove(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM console_user WHERE name_key = ?")) {
            s.setString(1, UserName.key(name));
            return s.executeUpdate() == 1;
        }
    }

    /** Every user, by name. */
    public List<User> list() throws SQLException {
        List<User> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT name, role, created_at, password_set_at FROM console_user ORDER BY name_key");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                users.add(new User(
                        rs.getString(1),
                        Role.of(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()));
            }
        }
        return users;
    }

    /** A user's stored name, role and password hash, for a login. */
    public record Credentials(String name, Role role, String passwordHash) {}

    public Optional<Credentials> credentials(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT name, role, password_hash FROM console_user WHERE name_key = ?")) {
            s.setString(1, UserName.key(name));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Credentials(rs.getString(1), Role.of(rs.getString(2)), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }
}
