package dev.freshet.http;

import static dev.freshet.http.Http1CleartextTest.bytes;
import static dev.freshet.http.Http1CleartextTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 over cleartext with prior knowledge, the way the AWS SDK's async client talks to {@code http://}. */
class Http2CleartextTest {

    private static final long TIMEOUT = 20;

    private HttpServer server;

    private void start(HttpHandler handler, int maxBody) throws Exception {
        server = HttpServer.start(new HttpServerConfig("127.0.0.1", 0, null, maxBody, 2), handler);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesAPriorKnowledgeRequest() throws Exception {
        start(new EchoHandler(), 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            TestResponse response = client.post("/h2?q=1", Map.of(EchoHandler.TEST_HEADER, "v"), bytes("hello"))
                    .get(TIMEOUT, TimeUnit.SECONDS);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("content-length", String.valueOf(response.body().length))
                    .containsEntry("x-echo-protocol", "HTTP/2");
            assertThat(response.echo()).containsEntry("method", "POST").containsEntry("path", "/h2?q=1")
                    .containsEntry("protocol", "HTTP/2").containsEntry("secure", "false")
                    .containsEntry("bodyLength", "5").containsEntry("header", "v")
                    .containsEntry("host", "localhost");
        }
    }

    @Test
    void servesManyStreamsOfOneConnectionConcurrently() throws Exception {
        int streams = 20;
        // Every reply waits until all requests are with the handler: this passes only if the
        // server hands streams over concurrently rather than one after another.
        CountDownLatch allArrived = new CountDownLatch(streams);
        List<CompletableFuture<HttpReply>> held = new ArrayList<>();
        start(call -> {
            CompletableFuture<HttpReply> reply = new CompletableFuture<>();
            synchronized (held) {
                held.add(reply);
                allArrived.countDown();
                if (allArrived.getCount() == 0) {
                    held.forEach(r -> r.complete(null));
                }
            }
            return reply.thenApply(ignored -> EchoHandler.reply(call));
        }, 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            List<CompletableFuture<TestResponse>> responses = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                responses.add(client.post("/s" + i, Map.of(), bytes("x")));
            }

            for (int i = 0; i < streams; i++) {
                assertThat(responses.get(i).get(TIMEOUT, TimeUnit.SECONDS).echo()).containsEntry("path", "/s" + i);
            }
        }
    }

    @Test
    void receivesAMultiMebibyteBodyIntact() throws Exception {
        start(new EchoHandler(), 8 * 1024 * 1024);
        byte[] body = randomBytes(5 * 1024 * 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            CompletableFuture<TestResponse> big = client.post("/big", Map.of(), body);
            CompletableFuture<TestResponse> small = client.post("/small", Map.of(), bytes("x"));

            assertThat(big.get(TIMEOUT, TimeUnit.SECONDS).echo())
                    .containsEntry("bodyLength", String.valueOf(body.length))
                    .containsEntry("bodyCrc", String.valueOf(EchoHandler.crcOf(body)));
            assertThat(small.get(TIMEOUT, TimeUnit.SECONDS).echo()).containsEntry("bodyLength", "1");
        }
    }

    @Test
    void acknowledgesAPingButNeverSendsAnUnsolicitedPingAck() throws Exception {
        start(new EchoHandler(), 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            // Idle time is measured in round trips, not sleeps: anything the server was going to
            // send unprompted has had several chances to arrive before the last reply did.
            for (int i = 0; i < 5; i++) {
                client.post("/r" + i, Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS);
            }
            assertThat(client.connectionFrames()).noneMatch(frame -> frame.startsWith("PING"));

            client.ping(42L).get(TIMEOUT, TimeUnit.SECONDS);
            client.post("/after", Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS);

            assertThat(client.connectionFrames()).filteredOn(frame -> frame.startsWith("PING"))
                    .containsExactly("PING ack=true content=42");
        }
    }

    @Test
    void finishesAnInFlightRequestAfterTheClientSendsGoAwayThenCloses() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        start(call -> {
            arrived.countDown();
            return release.thenApply(ignored -> EchoHandler.reply(call));
        }, 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            CompletableFuture<TestResponse> slow = client.post("/slow", Map.of(), bytes("x"));
            assertThat(arrived.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();

            client.goAway();
            client.goAwayReceived().get(TIMEOUT, TimeUnit.SECONDS);
            release.complete(null);

            assertThat(slow.get(TIMEOUT, TimeUnit.SECONDS).echo()).containsEntry("path", "/slow");
            client.closed().get(TIMEOUT, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAnOversizedBodyWith413WithoutDisturbingOtherStreams() throws Exception {
        start(new EchoHandler(), 64 * 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            CompletableFuture<TestResponse> declared = client.post("/declared",
                    Map.of("content-length", String.valueOf(256 * 1024)), new byte[256 * 1024]);
            CompletableFuture<TestResponse> undeclared = client.post("/undeclared", Map.of(), new byte[256 * 1024]);
            CompletableFuture<TestResponse> fine = client.post("/fine", Map.of(), bytes("x"));

            assertThat(declared.get(TIMEOUT, TimeUnit.SECONDS).status()).isEqualTo(413);
            assertThat(undeclared.get(TIMEOUT, TimeUnit.SECONDS).status()).isEqualTo(413);
            assertThat(fine.get(TIMEOUT, TimeUnit.SECONDS).echo()).containsEntry("path", "/fine");
            assertThat(client.post("/after", Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void answersAFailingHandlerWith500AndKeepsServingTheConnection() throws Exception {
        start(call -> {
            if (call.path().equals("/throw")) {
                throw new IllegalStateException("handler bug (expected by the test)");
            }
            return new EchoHandler().handle(call);
        }, 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            TestResponse failed = client.post("/throw", Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS);

            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).isEmpty();
            assertThat(client.post("/ok", Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void resetsAStreamWithoutAPathButKeepsTheConnection() throws Exception {
        start(new EchoHandler(), 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            CompletableFuture<TestResponse> malformed = client.request("POST", null, Map.of(), bytes("x"));

            assertThat(malformed).failsWithin(TIMEOUT, TimeUnit.SECONDS);
            assertThat(client.post("/ok", Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void invitesTheBodyWithAnInterim100WhenTheClientExpectsContinue() throws Exception {
        start(new EchoHandler(), 1024);
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            TestResponse response = client.postAfterContinue("/expect", bytes("held back")).get(TIMEOUT, TimeUnit.SECONDS);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.echo()).containsEntry("bodyLength", "9");
        }
    }

    @Test
    void aConnectionProtocolErrorClosesOnlyThatConnection() throws Exception {
        start(new EchoHandler(), 1024);
        try (Http2TestClient good = Http2TestClient.connect(server.address());
                RawHttp1Client bad = RawHttp1Client.connect(server.address())) {
            bad.write(ProtocolDetector.HTTP2_PREFACE);
            // A DATA frame on stream 0 is a connection error (RFC 9113 6.1): GOAWAY, then close.
            bad.write(new byte[] {0, 0, 0, /* DATA */ 0, /* flags */ 0, 0, 0, 0, 0});

            assertThat(bad.serverClosed()).isTrue();
            assertThat(good.post("/ok", Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }
}
