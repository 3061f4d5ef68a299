package org.envmon.ingest.http;

import com.sun.net.httpserver.HttpExchange;
import java.util.Optional;

/** What a logged-in session may do with a request, for routes that let sessions in beside the API token. */
public interface SessionCheck {
    /** The answer to a request made with a session. */
    sealed interface Decision {
        /** Allowed, on behalf of this user. */
        record Allowed(String user) implements Decision {}

        /** Refused with this status and reason. */
        record Refused(int status, String reason) implements Decision {}
    }

    /** The decision for a request, or empty when it carries no open session. */
    Optional<Decision> decide(HttpExchange exchange);
}
