package org.envmon.ingest.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.envmon.ingest.config.EnvmonConfig.TlsConfig;

/** Builds the server-side TLS context of the listeners from the PEM files of the configuration. */
public final class TlsContexts {
    /** TLS 1.0 and 1.1 are broken and deprecated (RFC 8996); nothing older than 1.2 is offered. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {}

    public static SslContext server(TlsConfig tls) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(
                            tls.certificate().orElseThrow().toFile(),
                            tls.privateKey().orElseThrow().toFile())
                    .protocols(PROTOCOLS);
            if (tls.clientCa().isPresent()) {
                builder.trustManager(tls.clientCa().get().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Cannot load the TLS certificate or key (tls.certificate, tls.privateKey," + " tls.clientCa): "
                            + e.getMessage(),
                    e);
        }
    }
}
