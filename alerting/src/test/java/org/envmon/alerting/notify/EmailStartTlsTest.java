package org.envmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.envmon.alerting.rule.NotifierSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The e-mail notifier against a real SMTP server that offers STARTTLS and refuses mail before it
 * (SubEtha SMTP with {@code requireTLS}): a message that arrives was sent encrypted. The server's
 * certificate is the test certificate for 127.0.0.1 (src/test/resources/tls/smtp-server.p12).
 */
class EmailStartTlsTest {
    private static final char[] STORE_PASSWORD = "test-only".toCharArray();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T02:00:00Z"), ZoneOffset.UTC);

    private final List<String> received = new CopyOnWriteArrayList<>();
    private SMTPServer server;

    @BeforeEach
    void start() throws Exception {
        server = SMTPServer.port(0)
                .bindAddress(java.net.InetAddress.getLoopbackAddress())
                .enableTLS()
                .requireTLS()
                .startTlsSocketFactory(serverContext())
                .messageHandler((context, from, to, data) -> received.add(new String(data, StandardCharsets.UTF_8)))
                .build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void send_startTlsWithTrustedCertificate_deliveredOverTls() throws Exception {
        notifier(Optional.of("127.0.0.1")).send(NotifierDeliveryTest.NOTICE);

        assertThat(received).singleElement().satisfies(mail -> {
            assertThat(mail).contains("X-Envmon-Delivery: 11");
            assertThat(mail).contains("Subject:");
        });
    }

    @Test
    void send_startTlsWithUntrustedCertificate_failsAndNothingIsSentInClear() {
        Notifier notifier = notifier(Optional.empty());

        assertThatThrownBy(() -> notifier.send(NotifierDeliveryTest.NOTICE))
                .hasStackTraceContaining("PKIX path building failed");
        assertThat(received).isEmpty();
    }

    private Notifier notifier(Optional<String> trustHosts) {
        NotifierFactory factory =
                new NotifierFactory(new Templates(Templates.Language.EN), Duration.ofSeconds(5), CLOCK);
        return factory.create(new NotifierSpec.Email(
                "m",
                "127.0.0.1",
                server.getPortAllocated(),
                NotifierSpec.SmtpSecurity.STARTTLS,
                Optional.empty(),
                Optional.empty(),
                "alerts@example.org",
                List.of("duty@example.org"),
                trustHosts));
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = EmailStartTlsTest.class.getResourceAsStream("/tls/smtp-server.p12")) {
            store.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
