package dev.freshet.it;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Builds real AWS SDK for Java v2 clients pointed at a Freshet endpoint. */
final class Clients {

    static final String ACCOUNT = "123456789012";

    private Clients() {}

    /**
     * Whether the SDK speaks AWS JSON in this run (the build's {@code sdk-json} execution sets
     * {@code -Daws.cborEnabled=false}) rather than its default, CBOR.
     */
    static boolean sdkSpeaksJson() {
        return "false".equals(System.getProperty("aws.cborEnabled"));
    }

    /** {@code base} with this run's wire format appended ({@code -json} or {@code -cbor}). */
    static String perWireFormat(String base) {
        return base + "-" + (sdkSpeaksJson() ? "json" : "cbor");
    }

    static StaticCredentialsProvider credentials(String accessKeyId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret"));
    }

    /** Records the Content-Type and protocol of every request the SDK sends. */
    static final class WireSpy implements ExecutionInterceptor {
        final List<String> contentTypes = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context.httpRequest().firstMatchingHeader("Content-Type").ifPresent(contentTypes::add);
        }
    }

    static KinesisClient sync(URI endpoint, WireSpy spy) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(ACCOUNT))
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(override(spy))
                .build();
    }

    /**
     * An async client speaking HTTP/2: over {@code http://} with prior knowledge, over
     * {@code https://} with the SDK's default of no ALPN, trusting {@code certificatePem}.
     */
    static KinesisAsyncClient async(URI endpoint, String certificatePem, WireSpy spy) {
        return async(endpoint, certificatePem, ProtocolNegotiation.ASSUME_PROTOCOL, null, spy);
    }

    /**
     * An async client speaking HTTP/2 with the given negotiation: {@code ASSUME_PROTOCOL} (the
     * SDK's default: prior knowledge on http://, TLS without ALPN on https://) or {@code ALPN}
     * (offers {@code h2} in the TLS handshake). {@code tls}, when given, records each handshake.
     */
    static KinesisAsyncClient async(URI endpoint, String certificatePem, ProtocolNegotiation negotiation,
            TlsSpy tls, WireSpy spy) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2)
                .protocolNegotiation(negotiation);
        if (certificatePem != null) {
            TrustManager[] trust = trustManagers(certificatePem);
            TrustManager[] used = tls == null ? trust : new TrustManager[] {tls.wrap((X509ExtendedTrustManager) trust[0])};
            http.tlsTrustManagersProvider(() -> used);
        }
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(ACCOUNT))
                .httpClient(http.build())
                .overrideConfiguration(override(spy))
                .build();
    }

    private static ClientOverrideConfiguration override(WireSpy spy) {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(30))
                .retryStrategy(b -> b.maxAttempts(1));
        if (spy != null) {
            builder.addExecutionInterceptor(spy);
        }
        return builder.build();
    }

    /**
     * Records, for each TLS handshake, the application protocols the client offered by ALPN and
     * the one the server chose ({@code ""}: none), as seen when the client checks the server's
     * certificate: by then the ServerHello (TLS 1.2) or EncryptedExtensions (TLS 1.3), which
     * carry the server's ALPN choice, have arrived.
     */
    static final class TlsSpy {
        final List<String> handshakes = java.util.Collections.synchronizedList(new ArrayList<>());

        X509ExtendedTrustManager wrap(X509ExtendedTrustManager trust) {
            return new X509ExtendedTrustManager() {
                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                        throws CertificateException {
                    handshakes.add("offered=" + List.of(engine.getSSLParameters().getApplicationProtocols())
                            + " chosen=" + engine.getHandshakeApplicationProtocol());
                    trust.checkServerTrusted(chain, authType, engine);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                        throws CertificateException {
                    handshakes.add("socket");
                    trust.checkServerTrusted(chain, authType, socket);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    handshakes.add("unknown");
                    trust.checkServerTrusted(chain, authType);
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                        throws CertificateException {
                    trust.checkClientTrusted(chain, authType, engine);
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                        throws CertificateException {
                    trust.checkClientTrusted(chain, authType, socket);
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    trust.checkClientTrusted(chain, authType);
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return trust.getAcceptedIssuers();
                }
            };
        }
    }

    static TrustManager[] trustManagers(String certificatePem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("freshet", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the server certificate", e);
        }
    }
}
