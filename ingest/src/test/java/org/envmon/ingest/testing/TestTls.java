package org.envmon.ingest.testing;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test-only certificates in src/test/resources/tls (an EC P-256 CA, a server certificate for
 * 127.0.0.1, a client certificate from that CA and a self-signed stranger; made with openssl, valid
 * for 100 years) and the client contexts built from them.
 */
public final class TestTls {
    private static final char[] STORE_PASSWORD = "test-only".toCharArray();

    private TestTls() {}

    public static String resource(String name) {
        try {
            return Path.of(TestTls.class.getResource("/tls/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Service settings for the server certificate; with the CA bundle when clients must present a certificate. */
    public static Map<String, String> serverSettings(boolean requireClientCertificates) {
        Map<String, String> env = new HashMap<>();
        env.put("ENVMON_TLS_CERTIFICATE", resource("server.pem"));
        env.put("ENVMON_TLS_PRIVATE_KEY", resource("server.key"));
        if (requireClientCertificates) {
            env.put("ENVMON_TLS_CLIENT_CA", resource("ca.pem"));
        }
        return env;
    }

    private static KeyStore store(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestTls.class.getResourceAsStream("/tls/" + name)) {
            store.load(in, STORE_PASSWORD);
        }
        return store;
    }

    /** A client context trusting the test CA, presenting {@code clientStore}'s certificate when not null. */
    public static SSLContext clientContext(String clientStore) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store("truststore.p12"));
        KeyManagerFactory keys = null;
        if (clientStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store(clientStore), STORE_PASSWORD);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
