package org.envmon.alerting.notify;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.envmon.alerting.rule.NotifierSpec;

/** Builds the notifier of a spec; one shared HTTP client with the configured timeouts. */
public final class NotifierFactory {
    private final HttpPoster http;
    private final Templates templates;
    private final Duration timeout;
    private final Clock clock;

    public NotifierFactory(Templates templates, Duration timeout, Clock clock) {
        this.http = new HttpPoster(
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                timeout);
        this.templates = templates;
        this.timeout = timeout;
        this.clock = clock;
    }

    public Notifier create(NotifierSpec spec) {
        if (spec instanceof NotifierSpec.Webhook w) {
            return new WebhookNotifier(w, http, templates, clock);
        } else if (spec instanceof NotifierSpec.WeCom w) {
            return new WeComNotifier(w, http, templates);
        } else if (spec instanceof NotifierSpec.DingTalk d) {
            return new DingTalkNotifier(d, http, templates, clock);
        }
        return new EmailNotifier((NotifierSpec.Email) spec, templates, timeout, clock);
    }
}
