package dev.freshet.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server side of TLS for one {@link TlsMaterial}: a JSSE {@link SSLContext} and the settings
 * every accepted connection's {@link SSLEngine} gets, used through Netty's {@link SslHandler}.
 *
 * <p>ALPN offers {@code h2} then {@code http/1.1}, but only as a hint: the protocol is chosen
 * afterwards by {@link ProtocolDetector} from the first bytes, because the AWS SDK for Java v2
 * speaks HTTP/2 over TLS without ALPN. So a client offering neither still completes the handshake,
 * without ALPN, instead of being refused with {@code no_application_protocol}. The cipher list is
 * the RFC 7540 9.2.2 compliant one ({@link Http2SecurityUtil#CIPHERS}, those this JDK supports),
 * since any connection may turn out to be HTTP/2; protocols are TLS 1.3 and 1.2.
 *
 * <p>Why plain JSSE rather than Netty's {@code SslContextBuilder}: building the same context through
 * it cost about 0.6 s of a 1.6 s start. Its JDK server context class first builds a throw-away context
 * around an embedded RSA key (instantiating the BouncyCastle provider when that is on the class path,
 * which checks the key's primes), then stores the real key in a PKCS#12 key store, which runs PBKDF2
 * twice; and its JDK context class loads the system's trusted CA certificates, which a server that
 * never asks for client certificates has no use for. Here the key goes into an in-memory JKS store
 * for the JDK's own {@code SunX509} key manager (which picks the key for each handshake as before),
 * and the trust manager accepts no client certificate at all.
 *
 * <p>Thread-safety: immutable; {@link #newHandler} may be called from any thread.
 */
final class ServerTls {

    private static final String ALIAS = "freshet";
    private static final char[] IN_MEMORY_PASSWORD = "freshet".toCharArray();
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final String[] cipherSuites;
    private final String[] protocols;

    private ServerTls(SSLContext context, String[] cipherSuites, String[] protocols) {
        this.context = context;
        this.cipherSuites = cipherSuites;
        this.protocols = protocols;
    }

    /** @throws IOException if JSSE refuses the key or certificate */
    static ServerTls build(TlsMaterial tls) throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("JKS");
            keys.load(null, null);
            keys.setKeyEntry(ALIAS, tls.privateKey(), IN_MEMORY_PASSWORD,
                    tls.certificateChain().toArray(new X509Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {NoClientCertificates.INSTANCE}, null);
            SSLEngine probe = context.createSSLEngine();
            return new ServerTls(context,
                    supported(Http2SecurityUtil.CIPHERS, probe.getSupportedCipherSuites(), "cipher suite"),
                    supported(PROTOCOLS, probe.getSupportedProtocols(), "protocol"));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot set up TLS with " + tls + ": " + e.getMessage(), e);
        }
    }

    private static String[] supported(List<String> wanted, String[] available, String what) {
        Set<String> availableSet = Set.of(available);
        List<String> kept = new ArrayList<>();
        for (String name : wanted) {
            if (availableSet.contains(name)) {
                kept.add(name);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalStateException("this JDK supports no " + what + " of " + wanted);
        }
        return kept.toArray(new String[0]);
    }

    /** A handler for a new server-side connection; the caller puts it in the pipeline. */
    SslHandler newHandler() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(protocols);
        engine.setEnabledCipherSuites(cipherSuites);
        engine.setHandshakeApplicationProtocolSelector((ignored, offered) -> selectProtocol(offered));
        return new SslHandler(engine);
    }

    /** {@code h2} if offered, else {@code http/1.1} if offered, else {@code ""}: carry on without ALPN. */
    static String selectProtocol(List<String> offered) {
        if (offered.contains("h2")) {
            return "h2";
        }
        return offered.contains("http/1.1") ? "http/1.1" : "";
    }

    /** The server never requests client certificates, so this is never consulted; if it were, it refuses. */
    private static final class NoClientCertificates extends X509ExtendedTrustManager {

        static final NoClientCertificates INSTANCE = new NoClientCertificates();

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            refuse();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            refuse();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            refuse();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            refuse();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            refuse();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            refuse();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private static void refuse() throws CertificateException {
            throw new CertificateException("this server accepts no client certificates");
        }
    }
}
