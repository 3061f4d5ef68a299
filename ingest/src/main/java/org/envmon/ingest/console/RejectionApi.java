package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.envmon.ingest.http.JsonAnswer;
import org.envmon.ingest.http.QueryString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/rejections?limit=N&before=ID&reason=R}: the quarantined messages, newest first,
 * with their raw bytes as text (when they are UTF-8) and as hex.
 */
public final class RejectionApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RejectionApi.class);

    private final DataSource dataSource;

    public RejectionApi(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "GET");
            JsonAnswer.error(exchange, 405, "rejected messages are read with GET");
            return;
        }
        QueryString query = QueryString.of(exchange);
        Optional<Long> limit = query.wholeNumber("limit", 50).filter(n -> n >= 1 && n <= 500);
        Optional<Long> before = query.wholeNumber("before", Long.MAX_VALUE);
        if (limit.isEmpty() || before.isEmpty()) {
            JsonAnswer.error(exchange, 400, "limit must be 1–500 and before a message id");
            return;
        }
        String reason = query.get("reason").filter(r -> !r.isBlank()).orElse(null);
        try {
            List<Map<String, Object>> rows = SqlRows.query(
                    dataSource,
                    "SELECT id, received_at, station_code, client_id, transport, topic, reason, detail, raw_size, raw"
                            + " FROM rejected_message WHERE id < ? AND (?::text IS NULL OR reason = ?)"
                            + " ORDER BY id DESC LIMIT ?",
                    before.get(),
                    reason,
                    reason,
                    limit.get().intValue());
            for (Map<String, Object> row : rows) {
                byte[] raw = (byte[]) row.remove("raw");
                row.put("rawText", utf8(raw));
                row.put("rawHex", HexFormat.ofDelimiter(" ").formatHex(raw));
            }
            JsonAnswer.send(exchange, 200, Map.of("rejections", rows));
        } catch (SQLException e) {
            log.error("Rejected messages could not be read: {}", e.getMessage());
            JsonAnswer.error(exchange, 503, "the database is not available");
        }
    }

    /** The bytes as text, or null when they are not UTF-8 (HJ 212 is ASCII, JSON is UTF-8). */
    private static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
