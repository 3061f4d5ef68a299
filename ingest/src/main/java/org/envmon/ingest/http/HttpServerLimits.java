package org.envmon.ingest.http;

import java.time.Duration;

/**
 * Time limits of the JDK HTTP server behind {@link HttpEndpoint}. It reads a request on one of its
 * few worker threads, and by default waits for the rest of a request forever, so two clients that
 * send half a request line would silence {@code /health}. The limits are JDK system properties read
 * once, when the first HTTP server of the process is created, so they are set at the very start of
 * {@code main}; a value given with {@code -D} on the command line wins.
 */
public final class HttpServerLimits {
    /** Seconds a client has to send its whole request. */
    static final String MAX_REQUEST_SECONDS = "10";
    /** Seconds a client has to read the response. */
    static final String MAX_RESPONSE_SECONDS = "30";

    private static final long DEFAULT_RESPONSE_SECONDS = 30;

    private HttpServerLimits() {}

    public static void install() {
        setUnlessGiven("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setUnlessGiven("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
    }

    /**
     * How long the server lets a response take before it closes the connection, as the process has
     * it (a -D value included); at least 10 s.
     */
    public static Duration responseTime() {
        String value = System.getProperty("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds <= 0
                    ? Duration.ofSeconds(DEFAULT_RESPONSE_SECONDS)
                    : Duration.ofSeconds(Math.max(10, seconds));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(DEFAULT_RESPONSE_SECONDS);
        }
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
