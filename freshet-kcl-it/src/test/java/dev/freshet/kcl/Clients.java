package dev.freshet.kcl;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.Http2Configuration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.kinesis.common.KinesisClientUtil;

/** Builds the AWS SDK for Java v2 clients the tests and the KCL use, pointed at Freshet and DynamoDB Local. */
final class Clients {

    /** Twelve digits: Freshet takes it as the account id. */
    static final String ACCESS_KEY_ID = "123456789012";
    static final Region REGION = Region.US_EAST_1;
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, "secret"));

    private Clients() {}

    /** The tests' own client: creating streams, writing records, resharding. */
    static KinesisClient kinesis(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /**
     * The KCL's client over {@code http://}: exactly what the KCL's own {@link KinesisClientUtil} builds (HTTP/2,
     * which on {@code http://} the SDK speaks with prior knowledge), only the endpoint overridden.
     */
    static KinesisAsyncClient kclKinesis(URI httpEndpoint) {
        return KinesisClientUtil.createKinesisAsyncClient(KinesisAsyncClient.builder()
                .endpointOverride(httpEndpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS));
    }

    /**
     * The KCL's client over {@code https://}: the Netty client as {@link KinesisClientUtil} sets it up (it gives
     * no way to add trust to its own), plus trust in the server's self-signed certificate.
     */
    static KinesisAsyncClient kclKinesisTls(URI httpsEndpoint, String certificatePem) {
        TrustManager[] trust = trustManagers(certificatePem);
        return KinesisAsyncClient.builder()
                .endpointOverride(httpsEndpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(Integer.MAX_VALUE)
                        .http2Configuration(Http2Configuration.builder()
                                .initialWindowSize(512 * 1024)
                                .healthCheckPingPeriod(Duration.ofSeconds(60))
                                .build())
                        .protocol(Protocol.HTTP2)
                        .tlsTrustManagersProvider(() -> trust))
                .build();
    }

    static DynamoDbAsyncClient dynamo(URI endpoint) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .build();
    }

    /**
     * The KCL requires a CloudWatch client even with its metrics off; pointed at Freshet, which would refuse any
     * call, so a stray metric would show up in the server's output rather than leave the machine.
     */
    static CloudWatchAsyncClient cloudWatch(URI endpoint) {
        return CloudWatchAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .build();
    }

    static TrustManager[] trustManagers(String certificatePem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("freshet", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the server certificate", e);
        }
    }
}
