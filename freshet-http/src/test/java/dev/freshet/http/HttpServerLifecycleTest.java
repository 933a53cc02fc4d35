package dev.freshet.http;

import static dev.freshet.http.Http1CleartextTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpServerLifecycleTest {

    private static final long TIMEOUT = 20;

    private static HttpServer start(HttpHandler handler) throws IOException {
        return HttpServer.start(new HttpServerConfig("127.0.0.1", 0, null, 1024, 2), handler);
    }

    @Test
    void reportsTheActualPortWhenAskedForPortZero() throws Exception {
        try (HttpServer server = start(new EchoHandler());
                RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            assertThat(server.address().getPort()).isPositive();
            assertThat(server.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(client.exchange("GET", "/", Map.of(), new byte[0]).status()).isEqualTo(200);
        }
    }

    @Test
    void closingTwiceIsFine() throws Exception {
        HttpServer server = start(new EchoHandler());
        server.close();
        server.close();

        assertThatThrownBy(() -> RawHttp1Client.connect(server.address())).isInstanceOf(ConnectException.class);
    }

    @Test
    void failsToStartWithAnIOExceptionWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            HttpServerConfig config = new HttpServerConfig("127.0.0.1", taken.getLocalPort(), null);

            assertThatThrownBy(() -> HttpServer.start(config, new EchoHandler())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void closeLetsAnInFlightHttp1RequestFinishThenClosesItsConnection() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        HttpServer server = start(call -> {
            arrived.countDown();
            return release.thenApply(ignored -> EchoHandler.reply(call));
        });
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            client.send("POST", "/in-flight", Map.of(), bytes("x"));
            assertThat(arrived.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
            awaitNotAccepting(server.address());
            release.complete(null);

            TestResponse response = client.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.echo()).containsEntry("path", "/in-flight");
            assertThat(client.serverClosed()).isTrue();
            closed.get(TIMEOUT, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeSendsGoAwayAndLetsOpenHttp2StreamsFinish() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        HttpServer server = start(call -> {
            arrived.countDown();
            return release.thenApply(ignored -> EchoHandler.reply(call));
        });
        try (Http2TestClient client = Http2TestClient.connect(server.address())) {
            CompletableFuture<TestResponse> inFlight = client.post("/in-flight", Map.of(), bytes("x"));
            assertThat(arrived.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
            client.goAwayReceived().get(TIMEOUT, TimeUnit.SECONDS);
            release.complete(null);

            assertThat(inFlight.get(TIMEOUT, TimeUnit.SECONDS).echo()).containsEntry("path", "/in-flight");
            assertThat(client.connectionFrames()).contains("GOAWAY lastStreamId=3 error=0");
            client.closed().get(TIMEOUT, TimeUnit.SECONDS);
            closed.get(TIMEOUT, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeClosesIdleAndUndecidedConnections() throws Exception {
        HttpServer server = start(new EchoHandler());
        try (RawHttp1Client idle = RawHttp1Client.connect(server.address());
                RawHttp1Client undecided = RawHttp1Client.connect(server.address())) {
            assertThat(idle.exchange("GET", "/", Map.of(), new byte[0]).status()).isEqualTo(200);
            undecided.write("PRI * HTTP".getBytes(StandardCharsets.US_ASCII)); // could still become HTTP/2

            server.close();

            assertThat(idle.serverClosed()).isTrue();
            assertThat(undecided.serverClosed()).isTrue();
        }
    }

    @Test
    void closeGivesUpOnAHandlerThatNeverAnswersAndALateReplyIsHarmless() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CompletableFuture<HttpReply> never = new CompletableFuture<>();
        HttpServer server = start(call -> {
            arrived.countDown();
            return never;
        });
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            client.send("POST", "/stuck", Map.of(), bytes("x"));
            assertThat(arrived.await(TIMEOUT, TimeUnit.SECONDS)).isTrue();

            server.close();

            assertThat(client.serverClosed()).isTrue();
            never.complete(EchoHandler.reply(new HttpCall("POST", "/stuck", Map.of(), new byte[0], false, "HTTP/1.1")));
        }
    }

    @Test
    void refusesToCloseFromItsOwnEventLoop() throws Exception {
        CompletableFuture<HttpServer> self = new CompletableFuture<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        HttpServer server = start(call -> {
            try {
                self.join().close();
                thrown.complete(null);
            } catch (RuntimeException e) {
                thrown.complete(e);
            }
            return new EchoHandler().handle(call);
        });
        self.complete(server);
        try (server; RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            assertThat(client.exchange("GET", "/", Map.of(), new byte[0]).status()).isEqualTo(200);
            assertThat(thrown.get(TIMEOUT, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Polls, bounded by attempts, until the listening socket is gone: close() has begun. */
    private static void awaitNotAccepting(InetSocketAddress address) throws Exception {
        for (int attempt = 0; attempt < 2000; attempt++) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 1000);
            } catch (SocketException notAccepting) {
                // refused, or reset when the listening socket closed with this connection still in its queue
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("server kept accepting connections");
    }
}
