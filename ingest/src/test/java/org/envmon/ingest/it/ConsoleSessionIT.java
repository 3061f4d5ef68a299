package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.envmon.ingest.account.Role;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.security.PasswordHash;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Console sessions over real HTTP: login with a console account, the cookie's attributes, reading
 * and acknowledging alerts with the session (CSRF token, roles), throttled failures and logout.
 */
class ConsoleSessionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR_PASSWORD = "operator-password-for-the-test";
    private static final String VIEWER_PASSWORD = "viewer-password-for-the-test";
    private static final String TOKEN = "console-session-test-token";
    private static TestService envmon;
    private static UserStore users;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        envmon = TestService.start(
                "console_session",
                Map.of("ENVMON_LIMITS_FAILED_LOGINS_PER_MINUTE", "3", "ENVMON_HTTP_API_TOKEN", TOKEN));
        users = new UserStore(envmon.service().database().dataSource());
        // Few iterations keep the test fast; the count travels with each hash.
        users.add("Li.Wei", Role.OPERATOR, PasswordHash.hash(OPERATOR_PASSWORD, 1000));
        users.add("王芳", Role.VIEWER, PasswordHash.hash(VIEWER_PASSWORD, 1000));
        users.add("guessed", Role.ADMIN, PasswordHash.hash("the-right-one", 1000));
    }

    @AfterAll
    static void stop() {
        envmon.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + envmon.service().httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postLogin(String body) throws Exception {
        return send("POST", "/api/session", body, "Content-Type", "application/json");
    }

    private record Login(String cookie, String csrf) {}

    private static Login login(String name, String password) throws Exception {
        HttpResponse<String> response = postLogin(JSON.writeValueAsString(Map.of("name", name, "password", password)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return new Login(
                setCookie.substring(0, setCookie.indexOf(';')),
                JSON.readTree(response.body()).path("csrfToken").asText());
    }

    private static long firingAlert(String station) throws Exception {
        envmon.addStation(station);
        try (Connection c = envmon.connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO alert (rule_id, station_id, severity, state,"
                        + " summary, started_at, last_change_at) SELECT 'r', id, 'warning', 'firing', 'test', now(),"
                        + " now() FROM station WHERE code = ? RETURNING id")) {
            s.setString(1, station);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void login_operator_cookieIsHttpOnlyAndStrict_andTheSessionNamesTheUserWithItsStoredCase() throws Exception {
        HttpResponse<String> response =
                postLogin(JSON.writeValueAsString(Map.of("name", "li.wei", "password", OPERATOR_PASSWORD)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie)
                        .startsWith("envmon_session=")
                        .contains("; HttpOnly", "; SameSite=Strict", "; Path=/")
                        .doesNotContain("Secure"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("user").asText()).isEqualTo("Li.Wei");
        assertThat(body.path("role").asText()).isEqualTo("operator");
        String cookie =
                response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        JsonNode current =
                JSON.readTree(send("GET", "/api/session", "", "Cookie", cookie).body());
        assertThat(current.path("user").asText()).isEqualTo("Li.Wei");
        assertThat(current.path("csrfToken").asText())
                .isEqualTo(body.path("csrfToken").asText());
    }

    @Test
    void login_wrongPasswordOrUnknownName_sameAnswer_thenThrottledWhateverTheCaseEvenWithTheRightPassword()
            throws Exception {
        HttpResponse<String> unknown = postLogin("{\"name\":\"nobody\",\"password\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("wrong user name or password");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrong = postLogin("{\"name\":\"guessed\",\"password\":\"guess-" + i + "\"}");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).isEqualTo(unknown.body());
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        }

        HttpResponse<String> right = postLogin("{\"name\":\"GUESSED\",\"password\":\"the-right-one\"}");

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.body()).contains("too many failed logins");
        assertThat(right.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(postLogin("not json").statusCode()).isEqualTo(400);
        HttpResponse<String> form = send(
                "POST", "/api/session", "name=Li.Wei&password=x", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.statusCode())
                .as("a cross-site form cannot log anyone in")
                .isEqualTo(415);
    }

    @Test
    void alerts_operatorSession_readsAndAcknowledgesAsItself_onlyWithTheCsrfToken() throws Exception {
        long id = firingAlert("CONSOLE1");
        Login operator = login("Li.Wei", OPERATOR_PASSWORD);

        HttpResponse<String> list = send("GET", "/api/alerts?state=firing", "", "Cookie", operator.cookie());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("CONSOLE1");
        HttpResponse<String> noToken =
                send("POST", "/api/alerts/" + id + "/ack", "{\"comment\":\"crew sent\"}", "Cookie", operator.cookie());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-CSRF-Token");

        HttpResponse<String> ack = send(
                "POST",
                "/api/alerts/" + id + "/ack",
                "{\"by\":\"someone else\",\"comment\":\"crew sent\"}",
                "Cookie",
                operator.cookie(),
                "X-CSRF-Token",
                operator.csrf());

        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(envmon.count(
                        "SELECT count(*) FROM alert WHERE id = ? AND acked_by = 'Li.Wei' AND ack_comment = 'crew sent'",
                        id))
                .as("acknowledged by the logged-in user, not by the body's 'by'")
                .isEqualTo(1);
    }

    @Test
    void alerts_viewerSession_readsButMayNotAcknowledge() throws Exception {
        long id = firingAlert("CONSOLE2");
        Login viewer = login("王芳", VIEWER_PASSWORD);

        assertThat(send("GET", "/api/alerts", "", "Cookie", viewer.cookie()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> ack = send(
                "POST", "/api/alerts/" + id + "/ack", "{}", "Cookie", viewer.cookie(), "X-CSRF-Token", viewer.csrf());

        assertThat(ack.statusCode()).isEqualTo(403);
        assertThat(ack.body()).contains("viewers may only read");
        assertThat(envmon.count("SELECT count(*) FROM alert WHERE id = ? AND acked_by IS NULL", id))
                .isEqualTo(1);
    }

    @Test
    void logout_withTheToken_theCookieNoLongerWorks() throws Exception {
        Login operator = login("Li.Wei", OPERATOR_PASSWORD);
        assertThat(send("DELETE", "/api/session", "", "Cookie", operator.cookie())
                        .statusCode())
                .as("without the token")
                .isEqualTo(403);

        HttpResponse<String> out =
                send("DELETE", "/api/session", "", "Cookie", operator.cookie(), "X-CSRF-Token", operator.csrf());

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(send("GET", "/api/session", "", "Cookie", operator.cookie()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> api = send("GET", "/api/alerts", "", "Cookie", operator.cookie());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("log in (POST /api/session)");
    }

    @Test
    void acknowledge_withTheTokenAfterAConsoleRequest_recordedUnderTheBodysName() throws Exception {
        long id = firingAlert("CONSOLE3");
        Login operator = login("Li.Wei", OPERATOR_PASSWORD);
        assertThat(send("GET", "/api/alerts", "", "Cookie", operator.cookie()).statusCode())
                .isEqualTo(200);

        HttpResponse<String> ack = send(
                "POST", "/api/alerts/" + id + "/ack", "{\"by\":\"night script\"}", "Authorization", "Bearer " + TOKEN);

        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(envmon.count("SELECT count(*) FROM alert WHERE id = ? AND acked_by = 'night script'", id))
                .as("a machine's acknowledgement is not taken for the console user of an earlier request")
                .isEqualTo(1);
    }

    @Test
    void session_accountRemovedOrGivenANewPassword_sessionEnds() throws Exception {
        users.add("short-lived", Role.OPERATOR, PasswordHash.hash("first-password", 1000));
        users.add("rotated", Role.OPERATOR, PasswordHash.hash("old-password", 1000));
        Login removed = login("short-lived", "first-password");
        Login rotated = login("rotated", "old-password");

        users.remove("short-lived");
        users.setPasswordHash("rotated", PasswordHash.hash("new-password", 1000));

        assertThat(send("GET", "/api/alerts", "", "Cookie", removed.cookie()).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/session", "", "Cookie", rotated.cookie()).statusCode())
                .isEqualTo(401);
        assertThat(send(
                                "GET",
                                "/api/session",
                                "",
                                "Cookie",
                                login("rotated", "new-password").cookie())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void session_twoSessionCookies_neitherCounts() throws Exception {
        Login operator = login("Li.Wei", OPERATOR_PASSWORD);
        Login viewer = login("王芳", VIEWER_PASSWORD);

        HttpResponse<String> both =
                send("GET", "/api/session", "", "Cookie", viewer.cookie() + "; " + operator.cookie());

        assertThat(both.statusCode()).isEqualTo(401);
    }
}
