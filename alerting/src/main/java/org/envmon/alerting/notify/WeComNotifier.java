package org.envmon.alerting.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.envmon.alerting.rule.NotifierSpec;

/** WeCom (企业微信) group robot: {"msgtype":"markdown","markdown":{"content":…}}. */
final class WeComNotifier implements Notifier {
    /** The robot rejects markdown content over 4096 bytes. */
    private static final int MAX_BYTES = 4096;

    private final NotifierSpec.WeCom spec;
    private final HttpPoster http;
    private final Templates templates;

    WeComNotifier(NotifierSpec.WeCom spec, HttpPoster http, Templates templates) {
        this.spec = spec;
        this.http = http;
        this.templates = templates;
    }

    @Override
    public void send(Notice notice) throws Exception {
        ObjectNode body = http.json().createObjectNode();
        body.put("msgtype", "markdown");
        body.putObject("markdown")
                .put("content", Utf8.truncate(templates.render(notice).markdown(), MAX_BYTES));
        http.requireErrcodeZero(http.post(spec.url(), http.json().writeValueAsBytes(body), Map.of()));
    }
}
