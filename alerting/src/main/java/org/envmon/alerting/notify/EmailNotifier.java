package org.envmon.alerting.notify;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import org.envmon.alerting.rule.NotifierSpec;

/**
 * E-mail over SMTP (Jakarta Mail). STARTTLS, when chosen, is required: a server that does not offer
 * it fails the delivery instead of receiving the message in clear text.
 */
final class EmailNotifier implements Notifier {
    private final NotifierSpec.Email spec;
    private final Templates templates;
    private final Session session;
    private final Clock clock;

    EmailNotifier(NotifierSpec.Email spec, Templates templates, Duration timeout, Clock clock) {
        this.spec = spec;
        this.templates = templates;
        this.clock = clock;
        boolean ssl = spec.security() == NotifierSpec.SmtpSecurity.SSL;
        String protocol = ssl ? "smtps" : "smtp";
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", protocol);
        String prefix = "mail." + protocol + ".";
        p.setProperty(prefix + "host", spec.host());
        p.setProperty(prefix + "port", Integer.toString(spec.port()));
        p.setProperty(prefix + "auth", Boolean.toString(spec.username().isPresent()));
        p.setProperty(prefix + "connectiontimeout", Long.toString(timeout.toMillis()));
        p.setProperty(prefix + "timeout", Long.toString(timeout.toMillis()));
        p.setProperty(prefix + "writetimeout", Long.toString(timeout.toMillis()));
        if (spec.security() == NotifierSpec.SmtpSecurity.STARTTLS) {
            p.setProperty(prefix + "starttls.enable", "true");
            p.setProperty(prefix + "starttls.required", "true");
        }
        if (spec.security() != NotifierSpec.SmtpSecurity.NONE) {
            p.setProperty(prefix + "ssl.checkserveridentity", "true");
            spec.trustHosts().ifPresent(hosts -> p.setProperty(prefix + "ssl.trust", hosts));
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public void send(Notice notice) throws MessagingException {
        Message message = templates.render(notice);
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(spec.from()));
        for (String to : spec.to()) {
            mail.addRecipient(RecipientType.TO, new InternetAddress(to));
        }
        mail.setSubject(message.title(), StandardCharsets.UTF_8.name());
        mail.setText(message.text(), StandardCharsets.UTF_8.name());
        mail.setSentDate(Date.from(clock.instant()));
        mail.setHeader("X-Envmon-Delivery", Long.toString(notice.notificationId()));
        try (Transport transport = session.getTransport()) {
            if (spec.username().isPresent()) {
                transport.connect(
                        spec.host(),
                        spec.port(),
                        spec.username().get(),
                        spec.password().orElse(""));
            } else {
                transport.connect();
            }
            transport.sendMessage(mail, mail.getAllRecipients());
        }
    }
}
