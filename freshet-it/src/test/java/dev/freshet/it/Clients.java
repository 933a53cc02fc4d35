package dev.freshet.it;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Builds real AWS SDK for Java v2 clients pointed at a Freshet endpoint. */
final class Clients {

    static final String ACCOUNT = "123456789012";

    private Clients() {}

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
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2);
        if (certificatePem != null) {
            TrustManager[] trust = trustManagers(certificatePem);
            http.tlsTrustManagersProvider(() -> trust);
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
