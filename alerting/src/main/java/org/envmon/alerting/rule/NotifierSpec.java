package org.envmon.alerting.rule;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A configured notification channel, referenced from rules and routes by its id. */
public sealed interface NotifierSpec {
    String id();

    /** JSON POST signed with HMAC-SHA256 over "timestamp.body" when a secret is set. */
    record Webhook(String id, URI url, Optional<String> secret) implements NotifierSpec {}

    /** WeCom (企业微信) group robot: markdown message to its webhook URL (key in the URL). */
    record WeCom(String id, URI url) implements NotifierSpec {}

    /** DingTalk group robot: markdown message; with a secret, timestamp + sign are added to the URL. */
    record DingTalk(String id, URI url, Optional<String> secret) implements NotifierSpec {}

    /** How the SMTP connection is protected. */
    enum SmtpSecurity {
        STARTTLS,
        SSL,
        NONE
    }

    /**
     * E-mail over SMTP. STARTTLS is required when chosen (never silently downgraded);
     * {@code trustHosts} names hosts whose certificate is trusted without a CA (self-signed relays).
     */
    record Email(
            String id,
            String host,
            int port,
            SmtpSecurity security,
            Optional<String> username,
            Optional<String> password,
            String from,
            List<String> to,
            Optional<String> trustHosts)
            implements NotifierSpec {}
}
