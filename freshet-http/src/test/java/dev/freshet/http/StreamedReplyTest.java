package dev.freshet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replies whose body is a publisher's chunks ({@link HttpReply#streaming}), on both protocols: the
 * whole body arrives in order however the client paces it (on HTTP/2, 4 MiB is 64 times the client's
 * stream window, so the writer must wait for the stream to become writable again), the publisher is
 * cancelled when the client goes away, and a failing publisher aborts the reply.
 */
class StreamedReplyTest {

    private static final long TIMEOUT = 20;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int CHUNKS = 64;

    private HttpServer server;

    /** Serves {@code body} for {@code /stream} (with {@code headers}) and an echo for any other path. */
    private void start(Chunks body, Map<String, String> headers) throws IOException {
        server = HttpServer.start(new HttpServerConfig("127.0.0.1", 0, null, 1024, 2),
                call -> CompletableFuture.completedFuture(call.path().equals("/stream")
                        ? HttpReply.streaming(200, headers, body) : EchoHandler.reply(call)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void http1SendsTheChunksInOrderAndThenServesTheNextRequest() throws Exception {
        Chunks chunks = Chunks.completing(CHUNKS);
        start(chunks, Map.of("content-type", "application/octet-stream", "content-length", "1"));
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            TestResponse streamed = client.exchange("GET", "/stream", Map.of(), new byte[0]);

            assertThat(streamed.status()).isEqualTo(200);
            assertThat(streamed.headers()).containsEntry("transfer-encoding", "chunked")
                    .containsEntry("content-type", "application/octet-stream")
                    .doesNotContainKey("content-length").doesNotContainKey("connection");
            assertThat(streamed.body()).isEqualTo(Chunks.expected(CHUNKS));
            assertThat(client.exchange("GET", "/after", Map.of(), new byte[0]).echo()).containsEntry("path", "/after");
        }
    }

    @Test
    void http2SendsTheChunksInOrderWithinTheClientsFlowControlWindow() throws Exception {
        start(Chunks.completing(CHUNKS), Map.of("content-type", "application/octet-stream"));
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            TestResponse streamed = client.request("GET", "/stream", Map.of(), new byte[0]).get(TIMEOUT, TimeUnit.SECONDS);

            assertThat(streamed.status()).isEqualTo(200);
            assertThat(streamed.headers()).containsEntry("content-type", "application/octet-stream")
                    .doesNotContainKey("content-length");
            assertThat(streamed.body()).isEqualTo(Chunks.expected(CHUNKS));
        }
    }

    @Test
    void http1ClosesTheConnectionAfterTheBodyWhenTheReplySaysSo() throws Exception {
        start(Chunks.completing(2), Map.of("connection", "close"));
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            TestResponse streamed = client.exchange("GET", "/stream", Map.of(), new byte[0]);

            assertThat(streamed.headers()).containsEntry("connection", "close");
            assertThat(streamed.body()).isEqualTo(Chunks.expected(2));
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void theSubscriptionIsCancelledWhenAnHttp1ClientGoesAway() throws Exception {
        Chunks endless = Chunks.completing(Integer.MAX_VALUE);
        start(endless, Map.of());
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            client.send("GET", "/stream", Map.of(), new byte[0]);
            assertThat(endless.firstChunk.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(endless.cancelled).succeedsWithin(TIMEOUT, TimeUnit.SECONDS);
    }

    @Test
    void theSubscriptionIsCancelledWhenAnHttp2ClientGoesAway() throws Exception {
        Chunks endless = Chunks.completing(Integer.MAX_VALUE);
        start(endless, Map.of());
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            client.request("GET", "/stream", Map.of(), new byte[0]);
            assertThat(endless.firstChunk.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(endless.cancelled).succeedsWithin(TIMEOUT, TimeUnit.SECONDS);
    }

    @Test
    void aFailingPublisherClosesTheHttp1ConnectionBeforeTheLastChunk() throws Exception {
        start(Chunks.failing(2), Map.of());
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            client.send("GET", "/stream", Map.of(), new byte[0]);

            assertThatThrownBy(client::readResponse).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aFailingPublisherResetsOnlyItsHttp2Stream() throws Exception {
        start(Chunks.failing(2), Map.of());
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            CompletableFuture<TestResponse> streamed = client.request("GET", "/stream", Map.of(), new byte[0]);

            assertThat(streamed).failsWithin(TIMEOUT, TimeUnit.SECONDS); // reset, not ended
            assertThat(client.request("GET", "/after", Map.of(), new byte[0]).get(TIMEOUT, TimeUnit.SECONDS).echo())
                    .containsEntry("path", "/after");
        }
    }

    /**
     * A body of {@code count} chunks of {@value #CHUNK_BYTES} bytes, chunk i filled with byte i, one
     * per request, then the end or a failure. Records its first chunk and a cancel. Subscribed to once.
     */
    private static final class Chunks implements Flow.Publisher<byte[]> {

        final CountDownLatch firstChunk = new CountDownLatch(1);
        final CompletableFuture<Void> cancelled = new CompletableFuture<>();
        private final int count;
        private final boolean fail;

        private Chunks(int count, boolean fail) {
            this.count = count;
            this.fail = fail;
        }

        static Chunks completing(int count) {
            return new Chunks(count, false);
        }

        static Chunks failing(int after) {
            return new Chunks(after, true);
        }

        static byte[] expected(int count) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                body.writeBytes(chunk(i));
            }
            return body.toByteArray();
        }

        private static byte[] chunk(int index) {
            byte[] chunk = new byte[CHUNK_BYTES];
            Arrays.fill(chunk, (byte) index);
            return chunk;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private int sent;
                private boolean ended;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && !ended; i++) {
                        if (sent == count) {
                            ended = true;
                            if (fail) {
                                subscriber.onError(new IllegalStateException("publisher failure (expected by the test)"));
                            } else {
                                subscriber.onComplete();
                            }
                            return;
                        }
                        subscriber.onNext(chunk(sent++));
                        firstChunk.countDown();
                    }
                }

                @Override
                public synchronized void cancel() {
                    ended = true;
                    cancelled.complete(null);
                }
            });
        }
    }
}
