package org.envmon.alerting.rule;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Parses the {@code notifiers} entries of the rules file. */
final class Notifiers {
    private Notifiers() {}

    static NotifierSpec parse(Field raw) {
        String id = RulesFileParser.id(raw.as("a notifier without a valid id").child("id"));
        Field n = raw.as("notifier '" + id + "'");
        String type = n.child("type").text().toLowerCase(Locale.ROOT);
        switch (type) {
            case "webhook":
                n.allowOnly(Set.of("id", "type", "url", "secret"));
                return new NotifierSpec.Webhook(
                        id, url(n.child("url")), n.child("secret").optionalText());
            case "wecom":
                n.allowOnly(Set.of("id", "type", "url"));
                return new NotifierSpec.WeCom(id, url(n.child("url")));
            case "dingtalk":
                n.allowOnly(Set.of("id", "type", "url", "secret"));
                return new NotifierSpec.DingTalk(
                        id, url(n.child("url")), n.child("secret").optionalText());
            case "email":
                return email(id, n);
            default:
                throw n.child("type").error("must be one of webhook, wecom, dingtalk, email, got '" + type + "'");
        }
    }

    private static NotifierSpec.Email email(String id, Field n) {
        n.allowOnly(
                Set.of("id", "type", "host", "port", "security", "username", "password", "from", "to", "trustHosts"));
        String rawSecurity = n.child("security").optionalText().orElse("starttls");
        NotifierSpec.SmtpSecurity security;
        try {
            security = NotifierSpec.SmtpSecurity.valueOf(rawSecurity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw n.child("security").error("must be one of starttls, ssl, none, got '" + rawSecurity + "'");
        }
        int defaultPort = security == NotifierSpec.SmtpSecurity.SSL ? 465 : 587;
        Optional<String> user = n.child("username").optionalText();
        Optional<String> password = n.child("password").optionalText();
        if (user.isPresent() != password.isPresent()) {
            throw n.child(user.isPresent() ? "password" : "username").error("is required when the other is set");
        }
        List<String> to = n.child("to").texts();
        if (to.isEmpty()) {
            throw n.child("to").error("must list at least one recipient");
        }
        for (String address : to) {
            requireAddress(n.child("to"), address);
        }
        String from = n.child("from").text();
        requireAddress(n.child("from"), from);
        return new NotifierSpec.Email(
                id,
                n.child("host").text(),
                n.child("port").integer(defaultPort, 1, 65535),
                security,
                user,
                password,
                from,
                to,
                n.child("trustHosts").optionalText());
    }

    private static void requireAddress(Field f, String address) {
        int at = address.indexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.chars().anyMatch(Character::isWhitespace)) {
            throw f.error("must hold e-mail addresses, got '" + address + "'");
        }
    }

    private static URI url(Field f) {
        String raw = f.text();
        try {
            URI uri = new URI(raw);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw f.error("must be an http(s) URL, got '" + raw + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw f.error("must be a URL, got '" + raw + "'");
        }
    }
}
