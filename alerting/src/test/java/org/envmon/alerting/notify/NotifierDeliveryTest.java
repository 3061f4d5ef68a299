package org.envmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envmon.alerting.rule.NotifierSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each notifier against a real receiver: a JDK HTTP server for the robots, GreenMail for SMTP. */
class NotifierDeliveryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T02:00:00Z"), ZoneOffset.UTC);
    static final Notice NOTICE = new Notice(
            7,
            11,
            "firing",
            "gb3838.nh3n",
            "GB 3838 NH3-N",
            "warning",
            "S1",
            "Fu River Bridge",
            "river_section",
            "Fu River",
            "Town A",
            "w21003",
            "Ammonia nitrogen",
            "氨氮",
            "mg/L",
            1.95,
            "class III (≤ 1)",
            5,
            3,
            0.95,
            "2024-06-01 10:00:00",
            "Asia/Shanghai",
            "held 0 s",
            null);

    private HttpServer server;
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final NotifierFactory zh =
            new NotifierFactory(new Templates(Templates.Language.ZH), Duration.ofSeconds(5), CLOCK);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            received.add(new String[] {
                exchange.getRequestURI().toString(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            });
            boolean refuse = exchange.getRequestURI().getPath().contains("refuse");
            byte[] out = (refuse
                            ? "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}"
                            : "{\"errcode\":0,\"errmsg\":\"ok\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void send_weCom_postsMarkdownContentWithClassAndMultiple() throws Exception {
        zh.create(new NotifierSpec.WeCom("w", url("/cgi-bin/webhook/send?key=K")))
                .send(NOTICE);
        JsonNode body = new ObjectMapper().readTree(received.get(0)[1]);
        assertThat(received.get(0)[0]).isEqualTo("/cgi-bin/webhook/send?key=K");
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.path("markdown").path("content").asText())
                .contains(
                        "【告警】",
                        "Fu River Bridge (S1)",
                        "氨氮 1.95 mg/L",
                        "V类，目标III类，超标0.95倍",
                        "2024-06-01 10:00:00 (Asia/Shanghai)",
                        "Fu River / Town A");
    }

    @Test
    void send_dingTalkWithSecret_signsTimestampAsDocumented() throws Exception {
        zh.create(new NotifierSpec.DingTalk("d", url("/robot/send?access_token=T"), Optional.of("SEC")))
                .send(NOTICE);
        URI called = URI.create(received.get(0)[0]);
        String query = called.getRawQuery();
        String timestamp = query.replaceAll(".*timestamp=(\\d+).*", "$1");
        String sign = URLDecoder.decode(query.replaceAll(".*sign=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        assertThat(timestamp).isEqualTo(Long.toString(CLOCK.millis()));
        byte[] expected = Hmac.sha256("SEC", (timestamp + "\nSEC").getBytes(StandardCharsets.UTF_8));
        assertThat(sign).isEqualTo(Base64.getEncoder().encodeToString(expected));
        JsonNode body = new ObjectMapper().readTree(received.get(0)[1]);
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.path("markdown").path("title").asText()).startsWith("【告警】");
        assertThat(body.path("markdown").path("text").asText()).contains("### 【告警】");
    }

    @Test
    void send_robotAnswersNonZeroErrcode_fails() {
        assertThatThrownBy(() ->
                        zh.create(new NotifierSpec.WeCom("w", url("/refuse"))).send(NOTICE))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("310000");
    }

    @Test
    void send_emailWithAuth_deliversEnglishPlainText() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            mail.setUser("alerts@example.org", "alerts", "pw");
            NotifierFactory en =
                    new NotifierFactory(new Templates(Templates.Language.EN), Duration.ofSeconds(5), CLOCK);
            en.create(new NotifierSpec.Email(
                            "m",
                            "127.0.0.1",
                            mail.getSmtp().getPort(),
                            NotifierSpec.SmtpSecurity.NONE,
                            Optional.of("alerts"),
                            Optional.of("pw"),
                            "alerts@example.org",
                            List.of("duty@example.org"),
                            Optional.empty()))
                    .send(NOTICE);
            MimeMessage[] messages = mail.getReceivedMessages();
            assertThat(messages).hasSize(1);
            assertThat(messages[0].getSubject()).startsWith("[FIRING] Fu River Bridge (S1)");
            assertThat((String) messages[0].getContent()).contains("class V, target III, ×0.95 over");
            assertThat(messages[0].getHeader("X-Envmon-Delivery")[0]).isEqualTo("11");
        } finally {
            mail.stop();
        }
    }

    @Test
    void send_emailStartTlsRequiredButNotOffered_failsInsteadOfSendingInClear() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            Notifier notifier = zh.create(new NotifierSpec.Email(
                    "m",
                    "127.0.0.1",
                    mail.getSmtp().getPort(),
                    NotifierSpec.SmtpSecurity.STARTTLS,
                    Optional.empty(),
                    Optional.empty(),
                    "a@example.org",
                    List.of("b@example.org"),
                    Optional.empty()));
            assertThatThrownBy(() -> notifier.send(NOTICE)).hasMessageContaining("STARTTLS");
            assertThat(mail.getReceivedMessages()).isEmpty();
        } finally {
            mail.stop();
        }
    }
}
