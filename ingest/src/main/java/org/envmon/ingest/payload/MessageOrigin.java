package org.envmon.ingest.payload;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where and when a message arrived: kept with every rejection so an operator can trace it.
 *
 * @param messageId random and unique per message; with the rejection's place in the message it keys
 *                  the quarantine row, so a message written again (spooled after a commit whose answer
 *                  was lost) does not leave its rows twice
 */
public record MessageOrigin(Transport transport, String clientId, String topic, Instant receivedAt, UUID messageId) {

    /** A newly arrived message, given a fresh id. */
    public MessageOrigin(Transport transport, String clientId, String topic, Instant receivedAt) {
        this(transport, clientId, topic, receivedAt, newId());
    }

    /** 122 random bits like {@link UUID#randomUUID()}, without its lock-guarded secure generator on event loops. */
    private static UUID newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
