package org.envmon.ingest.transport;

import java.io.IOException;
import javax.net.ssl.SSLException;

/** Tells exceptions caused by the peer (gone away, failed TLS) from bugs in a handler. */
public final class PeerFaults {
    private PeerFaults() {}

    /** A failed TLS handshake or record: wrong certificate, no certificate, plain text on a TLS port. */
    public static boolean isTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The connection broke (reset, broken pipe). */
    public static boolean isNetwork(Throwable cause) {
        return cause instanceof IOException && !isTls(cause);
    }
}
