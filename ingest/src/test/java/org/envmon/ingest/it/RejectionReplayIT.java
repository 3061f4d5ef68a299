package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.store.RejectionStore;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/**
 * A message written twice (committed, but the answer lost, so spooled and replayed) leaves its
 * quarantine rows once; distinct messages with equal content each keep theirs.
 */
class RejectionReplayIT {
    private static final Instant RECEIVED = Instant.parse("2026-03-01T08:00:00Z");

    private static Rejection rejection(MessageOrigin origin, String detail) {
        byte[] raw = "{\"zz\":1}".getBytes(StandardCharsets.UTF_8);
        return new Rejection(origin, "ST01", RejectReason.UNKNOWN_METRIC, detail, raw, raw.length);
    }

    private static void writeInOneTransaction(TestService envmon, List<Rejection> rejections) throws Exception {
        try (Connection c = envmon.service().database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            new RejectionStore().insert(c, rejections);
            c.commit();
        }
    }

    @Test
    void insert_sameMessageTwice_rowsKeptOnceOtherMessagesKeptToo() throws Exception {
        try (TestService envmon = TestService.start("rejection_replay", Map.of())) {
            MessageOrigin first = new MessageOrigin(Transport.MQTT, "c1", "stations/ST01/readings", RECEIVED);
            MessageOrigin twin = new MessageOrigin(Transport.MQTT, "c1", "stations/ST01/readings", RECEIVED);
            List<Rejection> batch = List.of(
                    rejection(first, "unknown factor 'zz'"),
                    rejection(first, "unknown factor 'zz'"),
                    rejection(twin, "unknown factor 'zz'"));

            writeInOneTransaction(envmon, batch);
            writeInOneTransaction(envmon, batch);

            assertThat(envmon.count("SELECT count(*) FROM rejected_message WHERE client_id = 'c1'"))
                    .as("two rows of the first message (equal, but two parts) and one of its twin")
                    .isEqualTo(3);
            assertThat(envmon.count("SELECT count(DISTINCT message_id) FROM rejected_message WHERE client_id = 'c1'"))
                    .isEqualTo(2);
        }
    }
}
