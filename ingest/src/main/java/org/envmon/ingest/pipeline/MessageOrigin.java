package org.envmon.ingest.pipeline;

import java.time.Instant;

/** Where and when a message arrived: kept with every rejection so an operator can trace it. */
public record MessageOrigin(Transport transport, String clientId, String topic, Instant receivedAt) {
}
