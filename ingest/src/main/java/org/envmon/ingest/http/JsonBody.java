package org.envmon.ingest.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A request's body as one JSON object of bounded size, read without trusting its length header. */
public final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {}

    /** The body's JSON object, or empty when it is larger than {@code maxBytes}, not JSON, or not an object. */
    public static Optional<JsonNode> read(HttpExchange exchange, int maxBytes) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(bytes);
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
