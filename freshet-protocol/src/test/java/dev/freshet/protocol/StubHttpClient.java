package dev.freshet.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An in-process HTTP client for the AWS SDK: it records the request the SDK marshalled and answers
 * with a canned response, so tests exercise the SDK's real (un)marshallers without a network.
 *
 * <p>Not thread-safe: one test drives one call at a time.
 */
final class StubHttpClient implements SdkHttpClient {

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
