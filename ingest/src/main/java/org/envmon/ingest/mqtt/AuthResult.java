package org.envmon.ingest.mqtt;

import java.util.Optional;
import org.envmon.ingest.payload.RejectReason;

/** The outcome of checking a CONNECT's credentials. */
sealed interface AuthResult {
    /** The station the connection may publish for; empty for an anonymous connection. */
    record Granted(Optional<String> station) implements AuthResult {}

    record Denied(RejectReason reason, String detail) implements AuthResult {}
}
