package org.envmon.alerting.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.envmon.alerting.rule.NotifierSpec;

/**
 * DingTalk group robot: {"msgtype":"markdown","markdown":{"title","text"}}. With a secret, the URL
 * gets {@code timestamp} (ms) and {@code sign} = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))).
 */
final class DingTalkNotifier implements Notifier {
    private final NotifierSpec.DingTalk spec;
    private final HttpPoster http;
    private final Templates templates;
    private final Clock clock;

    DingTalkNotifier(NotifierSpec.DingTalk spec, HttpPoster http, Templates templates, Clock clock) {
        this.spec = spec;
        this.http = http;
        this.templates = templates;
        this.clock = clock;
    }

    @Override
    public void send(Notice notice) throws Exception {
        Message message = templates.render(notice);
        ObjectNode body = http.json().createObjectNode();
        body.put("msgtype", "markdown");
        ObjectNode markdown = body.putObject("markdown");
        markdown.put("title", message.title());
        markdown.put("text", message.markdown());
        http.requireErrcodeZero(http.post(signedUrl(), http.json().writeValueAsBytes(body), Map.of()));
    }

    private URI signedUrl() {
        if (spec.secret().isEmpty()) {
            return spec.url();
        }
        long timestamp = clock.millis();
        String secret = spec.secret().get();
        String sign = sign(timestamp, secret);
        String url = spec.url().toString();
        return URI.create(url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign=" + sign);
    }

    static String sign(long timestamp, String secret) {
        byte[] mac = Hmac.sha256(secret, (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8);
    }
}
