package org.envmon.alerting.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.envmon.alerting.rule.NotifierSpec;

/**
 * Generic webhook: {"title", "text", "notice": {...}} as JSON. With a secret, the receiver checks
 * {@code X-Envmon-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))} and rejects
 * old timestamps; {@code X-Envmon-Delivery} carries the notification id so a receiver can drop a
 * delivery it has already seen.
 */
final class WebhookNotifier implements Notifier {
    static final String SIGNATURE = "X-Envmon-Signature";
    static final String TIMESTAMP = "X-Envmon-Timestamp";
    static final String DELIVERY = "X-Envmon-Delivery";

    private final NotifierSpec.Webhook spec;
    private final HttpPoster http;
    private final Templates templates;
    private final Clock clock;

    WebhookNotifier(NotifierSpec.Webhook spec, HttpPoster http, Templates templates, Clock clock) {
        this.spec = spec;
        this.http = http;
        this.templates = templates;
        this.clock = clock;
    }

    @Override
    public void send(Notice notice) throws Exception {
        Message message = templates.render(notice);
        ObjectNode body = http.json().createObjectNode();
        body.put("title", message.title());
        body.put("text", message.text());
        body.set("notice", http.json().valueToTree(notice));
        byte[] bytes = http.json().writeValueAsBytes(body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DELIVERY, Long.toString(notice.notificationId()));
        if (spec.secret().isPresent()) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            byte[] signed = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
            byte[] data = new byte[signed.length + bytes.length];
            System.arraycopy(signed, 0, data, 0, signed.length);
            System.arraycopy(bytes, 0, data, signed.length, bytes.length);
            headers.put(TIMESTAMP, timestamp);
            headers.put(
                    SIGNATURE,
                    "sha256="
                            + HexFormat.of().formatHex(Hmac.sha256(spec.secret().get(), data)));
        }
        http.post(spec.url(), bytes, headers);
    }
}
