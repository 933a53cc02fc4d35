package dev.freshet.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Builds the server's TLS context from {@link TlsMaterial}.
 *
 * <p>ALPN offers {@code h2} then {@code http/1.1}, but only as a hint: the protocol is chosen
 * afterwards by {@link ProtocolDetector} from the first bytes, because the AWS SDK for Java v2
 * speaks HTTP/2 over TLS without ALPN. Hence {@code NO_ADVERTISE} (a client offering nothing we
 * know, or no ALPN at all, still completes the handshake) and {@code ACCEPT}. The cipher list is
 * the RFC 7540 9.2.2 compliant one, since any connection may turn out to be HTTP/2. The JDK
 * provider keeps netty-tcnative out of the dependency tree.
 *
 * <p>Thread-safety: stateless.
 */
final class ServerSslContext {

    private ServerSslContext() {
    }

    static SslContext build(TlsMaterial tls) throws SSLException {
        return SslContextBuilder
                .forServer(tls.privateKey(), tls.certificateChain().toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.JDK)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2,
                        ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
