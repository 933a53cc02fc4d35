package dev.freshet.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Client-side TLS set-ups that trust a server's {@link TlsMaterial}. */
final class TestTls {

    private TestTls() {
    }

    /** A JDK context trusting exactly the server's certificate. */
    static SSLContext jdkTrusting(TlsMaterial tls) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        X509Certificate certificate = tls.certificateChain().get(0);
        trusted.setCertificateEntry("freshet", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A Netty client context without any ALPN configuration, checking the host name against the SANs. */
    static SslContext nettyWithoutAlpn(TlsMaterial tls) throws Exception {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(tls.certificateChain().get(0))
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }
}
