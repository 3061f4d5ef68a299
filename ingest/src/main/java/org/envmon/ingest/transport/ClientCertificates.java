package org.envmon.ingest.transport;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The identity a TLS client proved with its certificate: the subject's common name (CN). Only
 * certificates the listener verified against {@code tls.clientCa} get this far; on a plain
 * connection, or one without a client certificate, there is none.
 */
public final class ClientCertificates {
    private ClientCertificates() {}

    /** Call after the TLS handshake (any application data implies it is done). */
    public static Optional<String> commonName(Channel channel) {
        if (!(channel.pipeline().get(TcpListener.TLS_HANDLER) instanceof SslHandler tls)) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            return commonName(leaf.getSubjectX500Principal().getName());
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The last CN of an RFC 2253 distinguished name (the most specific one when there are several). */
    static Optional<String> commonName(String distinguishedName) {
        try {
            String found = null;
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    found = String.valueOf(rdn.getValue());
                }
            }
            return Optional.ofNullable(found);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
