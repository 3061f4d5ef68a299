package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import java.util.Optional;

/** The console's session cookie: HttpOnly, SameSite=Strict, and Secure when the endpoint speaks HTTPS. */
public final class SessionCookie {
    static final String NAME = "envmon_session";

    private SessionCookie() {}

    /**
     * The session id the request carries, if any. A request with two session cookies (one planted
     * for a narrower path or a sibling domain could shadow the user's own) has none.
     */
    public static Optional<String> read(HttpExchange exchange) {
        List<String> headers = exchange.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        String found = null;
        for (String header : headers) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(NAME + "=")) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    found = trimmed.substring(NAME.length() + 1);
                }
            }
        }
        return Optional.ofNullable(found);
    }

    static String set(String id, boolean secure) {
        return NAME + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String clear(boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
