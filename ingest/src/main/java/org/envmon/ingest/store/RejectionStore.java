package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.envmon.ingest.payload.Rejection;

/**
 * Writes quarantine rows to rejected_message inside the caller's transaction. A row is keyed by its
 * message's id and its place among that message's rejections, so writing a message again (replayed
 * from the spool after a commit whose answer was lost) adds nothing.
 */
public final class RejectionStore {
    private static final String SQL = """
            INSERT INTO rejected_message
                (received_at, station_code, client_id, transport, topic, reason, detail, raw, raw_size, message_id,
                 part)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (message_id, part) DO NOTHING""";

    /** @param rejections in message order: the rejections of one message keep their relative order */
    public void insert(Connection connection, List<Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        Map<UUID, Integer> parts = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            for (Rejection r : rejections) {
                UUID message = r.origin().messageId();
                insert.setTimestamp(1, Timestamp.from(r.origin().receivedAt()));
                insert.setString(2, r.stationCode());
                insert.setString(3, r.origin().clientId());
                insert.setString(4, r.origin().transport().label());
                insert.setString(5, r.origin().topic());
                insert.setString(6, r.reason().code());
                insert.setString(7, sanitise(r.detail()));
                insert.setBytes(8, r.raw());
                insert.setInt(9, r.rawSize());
                insert.setObject(10, message);
                insert.setInt(11, parts.merge(message, 1, Integer::sum));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** PostgreSQL text cannot hold NUL; details quote client input, so replace it. */
    private static String sanitise(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
