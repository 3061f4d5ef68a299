package org.envmon.ingest.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envmon.ingest.account.Role;
import org.envmon.ingest.account.UserName;
import org.envmon.ingest.account.UserPassword;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.http.JsonAnswer;
import org.envmon.ingest.http.JsonBody;
import org.envmon.ingest.security.SecretIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User management for admins, as {@code envmon users} does it: {@code GET /api/users},
 * {@code POST /api/users} with {"name", "role"}, {@code POST /api/users/{name}/password},
 * {@code POST /api/users/{name}/role} with {"role"}, {@code DELETE /api/users/{name}}. A password is
 * generated and answered once. An admin cannot remove or demote their own account (no lock-out);
 * another admin or the CLI can.
 */
public final class UserApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(UserApi.class);
    private static final int MAX_BODY = 1024;

    private final UserStore users;
    private final AuditLog audit;

    public UserApi(UserStore users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> parts = List.of(
                exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/"));
        String by = exchange.getPrincipal() == null
                ? AuditLog.API_TOKEN
                : exchange.getPrincipal().getUsername();
        try {
            if (parts.size() == 2 && method.equals("GET")) {
                JsonAnswer.send(
                        exchange,
                        200,
                        Map.of(
                                "users",
                                users.list().stream()
                                        .map(u -> Map.of(
                                                "name", u.name(),
                                                "role", u.role().label(),
                                                "createdAt", u.createdAt(),
                                                "passwordSetAt", u.passwordSetAt()))
                                        .toList()));
            } else if (parts.size() == 2 && method.equals("POST")) {
                add(exchange, by);
            } else if (parts.size() == 4 && parts.get(3).equals("password") && method.equals("POST")) {
                password(exchange, parts.get(2), by);
            } else if (parts.size() == 4 && parts.get(3).equals("role") && method.equals("POST")) {
                role(exchange, parts.get(2), by);
            } else if (parts.size() == 3 && method.equals("DELETE")) {
                remove(exchange, parts.get(2), by);
            } else {
                JsonAnswer.error(
                        exchange,
                        404,
                        "no such resource or method: GET/POST /api/users, POST /api/users/{name}/password,"
                                + " POST /api/users/{name}/role, DELETE /api/users/{name}");
            }
        } catch (SQLException e) {
            log.error("User API request {} failed: {}", method, e.getMessage());
            JsonAnswer.error(exchange, 503, "the database is not available");
        }
    }

    private void add(HttpExchange exchange, String by) throws IOException, SQLException {
        Optional<JsonNode> body = body(exchange);
        if (body.isEmpty()) {
            return;
        }
        String name = body.get().path("name").asText("").trim();
        Optional<String> problem = UserName.problem(name);
        if (problem.isPresent()) {
            JsonAnswer.error(exchange, 400, problem.get());
            return;
        }
        Optional<Role> role = role(exchange, body.get());
        if (role.isEmpty()) {
            return;
        }
        SecretIssuer.Issued password = UserPassword.issue();
        if (!users.add(name, role.get(), password.hash())) {
            JsonAnswer.error(exchange, 409, "a user named '" + name + "' (in any case) exists");
            return;
        }
        audit.record(by, "user added", name, role.get().label());
        JsonAnswer.send(exchange, 201, Map.of("name", name, "role", role.get().label(), "password", password.secret()));
    }

    private void password(HttpExchange exchange, String name, String by) throws IOException, SQLException {
        SecretIssuer.Issued password = UserPassword.issue();
        if (!users.setPasswordHash(name, password.hash())) {
            JsonAnswer.error(exchange, 404, "no user is named '" + name + "'");
            return;
        }
        audit.record(by, "password set", name, null);
        JsonAnswer.send(exchange, 200, Map.of("name", name, "password", password.secret()));
    }

    private void role(HttpExchange exchange, String name, String by) throws IOException, SQLException {
        Optional<JsonNode> body = body(exchange);
        if (body.isEmpty()) {
            return;
        }
        Optional<Role> role = role(exchange, body.get());
        if (role.isEmpty()) {
            return;
        }
        if (UserName.key(name).equals(UserName.key(by)) && role.get() != Role.ADMIN) {
            JsonAnswer.error(exchange, 409, "an admin cannot demote their own account; another admin or the CLI can");
            return;
        }
        if (!users.setRole(name, role.get())) {
            JsonAnswer.error(exchange, 404, "no user is named '" + name + "'");
            return;
        }
        audit.record(by, "role set", name, role.get().label());
        JsonAnswer.send(exchange, 200, Map.of("name", name, "role", role.get().label()));
    }

    private void remove(HttpExchange exchange, String name, String by) throws IOException, SQLException {
        if (UserName.key(name).equals(UserName.key(by))) {
            JsonAnswer.error(exchange, 409, "an admin cannot remove their own account; another admin or the CLI can");
            return;
        }
        if (!users.remove(name)) {
            JsonAnswer.error(exchange, 404, "no user is named '" + name + "'");
            return;
        }
        audit.record(by, "user removed", name, null);
        JsonAnswer.send(exchange, 200, Map.of("removed", name));
    }

    private static Optional<Role> role(HttpExchange exchange, JsonNode body) throws IOException {
        String text = body.path("role").asText("");
        try {
            return Optional.of(Role.of(text));
        } catch (IllegalArgumentException e) {
            JsonAnswer.error(exchange, 400, "role must be viewer, operator or admin; got '" + text + "'");
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> body(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = JsonBody.read(exchange, MAX_BODY);
        if (body.isEmpty()) {
            JsonAnswer.error(
                    exchange,
                    400,
                    "the body must be a JSON object of at most " + MAX_BODY
                            + " bytes such as {\"name\": \"liwei\", \"role\": \"operator\"}");
        }
        return body;
    }
}
