package dev.freshet.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * An in-process HTTP client for the AWS SDK: it records the request the SDK marshalled and answers
 * with a canned response, so tests exercise the SDK's real (un)marshallers without a network.
 *
 * <p>Not thread-safe: one test drives one call at a time.
 */
final class StubHttpClient implements SdkHttpClient {

    private static final String CBOR_ENABLED = "aws.cborEnabled";

    private SdkHttpRequest lastRequest;
    private byte[] lastBody;
    private int status = 200;
    private String contentType = WireFormat.JSON.contentType();
    private byte[] responseBody = new byte[0];

    void respond(int statusCode, WireFormat format, byte[] body) {
        this.status = statusCode;
        this.contentType = format.contentType();
        this.responseBody = body;
    }

    /**
     * A Kinesis client of the AWS SDK for Java v2 that sends through this stub, in {@code format}:
     * CBOR, the SDK's default, or AWS JSON 1.1, as with {@code AWS_CBOR_DISABLE=true} (the SDK reads
     * the setting when the client is built). No retries, so each call is one exchange.
     */
    KinesisClient kinesisClient(WireFormat format) {
        if (format == WireFormat.CBOR) {
            return buildClient();
        }
        String previous = System.getProperty(CBOR_ENABLED);
        System.setProperty(CBOR_ENABLED, "false");
        try {
            return buildClient();
        } finally {
            if (previous == null) {
                System.clearProperty(CBOR_ENABLED);
            } else {
                System.setProperty(CBOR_ENABLED, previous);
            }
        }
    }

    private KinesisClient buildClient() {
        return KinesisClient.builder()
                .httpClient(this)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:4567"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    SdkHttpRequest lastRequest() {
        return lastRequest;
    }

    byte[] lastBody() {
        return lastBody;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                lastRequest = request.httpRequest();
                lastBody = request.contentStreamProvider().isPresent()
                        ? readAll(request.contentStreamProvider().get().newStream()) : new byte[0];
                SdkHttpResponse response = SdkHttpResponse.builder()
                        .statusCode(status)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", Integer.toString(responseBody.length))
                        .putHeader("x-amzn-RequestId", "stub")
                        .build();
                return HttpExecuteResponse.builder()
                        .response(response)
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(responseBody)))
                        .build();
            }

            @Override
            public void abort() {
                // Nothing runs in the background to abort.
            }
        };
    }

    @Override
    public void close() {
        // Holds no resources.
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
