package org.envmon.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** POSTs JSON with the JDK client; a non-2xx answer, or a robot's non-zero errcode, is a failure. */
final class HttpPoster {
    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    HttpPoster(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    ObjectMapper json() {
        return json;
    }

    String post(URI url, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException, DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryException(
                    "HTTP " + response.statusCode() + " from " + url.getHost() + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    /** WeCom and DingTalk answer 200 with {"errcode":0} on success and a non-zero errcode otherwise. */
    void requireErrcodeZero(String body) throws DeliveryException {
        try {
            JsonNode answer = json.readTree(body);
            if (answer == null || answer.path("errcode").asInt(-1) != 0) {
                throw new DeliveryException("robot refused the message: " + abbreviate(body));
            }
        } catch (IOException e) {
            throw new DeliveryException("robot answered with something other than JSON: " + abbreviate(body));
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
