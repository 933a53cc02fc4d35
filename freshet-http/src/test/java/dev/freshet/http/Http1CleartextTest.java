package dev.freshet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1CleartextTest {

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private HttpServer start(HttpHandler handler, int maxBody) throws Exception {
        server = HttpServer.start(new HttpServerConfig("127.0.0.1", 0, null, maxBody, 2), handler);
        return server;
    }

    private HttpServer startEcho() throws Exception {
        return start(call -> {
            handled.add(call.path());
            return new EchoHandler().handle(call);
        }, 8 * 1024 * 1024);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesTwoRequestsOnOneKeepAliveConnection() throws Exception {
        startEcho();
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            TestResponse first = client.exchange("POST", "/one", Map.of(EchoHandler.TEST_HEADER, "a"), bytes("hello"));
            TestResponse second = client.exchange("GET", "/two?x=1", Map.of(EchoHandler.TEST_HEADER, "b"), new byte[0]);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.headers()).containsEntry("content-length", String.valueOf(first.body().length))
                    .containsEntry("x-echo-protocol", "HTTP/1.1")
                    .doesNotContainKey("connection");
            assertThat(first.echo()).containsEntry("method", "POST").containsEntry("path", "/one")
                    .containsEntry("protocol", "HTTP/1.1").containsEntry("secure", "false")
                    .containsEntry("bodyLength", "5").containsEntry("header", "a").containsEntry("host", "localhost");
            assertThat(second.echo()).containsEntry("method", "GET").containsEntry("path", "/two?x=1")
                    .containsEntry("bodyLength", "0").containsEntry("header", "b");
        }
    }

    @Test
    void receivesABodyOfAFewMebibytesIntact() throws Exception {
        startEcho();
        byte[] body = randomBytes(5 * 1024 * 1024);
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            TestResponse response = client.exchange("POST", "/big", Map.of(), body);

            assertThat(response.echo()).containsEntry("bodyLength", String.valueOf(body.length))
                    .containsEntry("bodyCrc", String.valueOf(EchoHandler.crcOf(body)));
        }
    }

    @Test
    void servesTheJdkHttpClientForcedToHttp11() throws Exception {
        startEcho();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/jdk"))
                            .header(EchoHandler.TEST_HEADER, "jdk" + i)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes("body")))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(EchoHandler.parse(response.body())).containsEntry("protocol", "HTTP/1.1")
                    .containsEntry("header", "jdk" + i).containsEntry("bodyLength", "4");
        }
    }

    @Test
    void servesTheJdkHttpClientAskingForAnH2cUpgradeOverHttp11() throws Exception {
        List<HttpCall> calls = new CopyOnWriteArrayList<>();
        start(call -> {
            calls.add(call);
            return new EchoHandler().handle(call);
        }, 1024);
        // HTTP_2 over http:// makes the JDK client send "Upgrade: h2c"; without a 101 it carries on in HTTP/1.1.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/upgrade")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EchoHandler.parse(response.body())).containsEntry("protocol", "HTTP/1.1");
        assertThat(calls.get(0).header("Upgrade")).isEqualTo("h2c");
    }

    @Test
    void answersPipelinedRequestsInOrderEvenWhenTheFirstIsSlower() throws Exception {
        Executor later = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);
        start(call -> call.path().equals("/slow")
                ? CompletableFuture.supplyAsync(() -> EchoHandler.reply(call), later)
                : CompletableFuture.completedFuture(EchoHandler.reply(call)), 1024);
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            byte[] first = RawHttp1Client.request("GET", "/slow", Map.of(), new byte[0]);
            byte[] second = RawHttp1Client.request("GET", "/fast", Map.of(), new byte[0]);
            byte[] both = new byte[first.length + second.length];
            System.arraycopy(first, 0, both, 0, first.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            client.write(both);

            assertThat(client.readResponse().echo()).containsEntry("path", "/slow");
            assertThat(client.readResponse().echo()).containsEntry("path", "/fast");
        }
    }

    @Test
    void writesTheReplyOfAHandlerThatCompletesLaterOnAnotherThread() throws Exception {
        List<Thread> completers = new CopyOnWriteArrayList<>();
        start(call -> {
            CompletableFuture<HttpReply> reply = new CompletableFuture<>();
            Thread completer = new Thread(() -> reply.complete(EchoHandler.reply(call)), "fsync-simulator");
            completers.add(completer);
            completer.start();
            return reply;
        }, 1024);
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            TestResponse response = client.exchange("POST", "/later", Map.of(), bytes("x"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.echo()).containsEntry("path", "/later");
            assertThat(completers).hasSize(1);
        }
    }

    @Test
    void answersAThrowingOrFailingHandlerWith500AndKeepsTheConnectionUsable() throws Exception {
        start(call -> switch (call.path()) {
            case "/throw" -> throw new IllegalStateException("handler bug (expected by the test)");
            case "/fail" -> CompletableFuture.failedFuture(new IllegalStateException("failed stage (expected by the test)"));
            case "/null" -> null;
            default -> new EchoHandler().handle(call);
        }, 1024);
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            for (String path : List.of("/throw", "/fail", "/null")) {
                TestResponse failed = client.exchange("POST", path, Map.of(), bytes("x"));
                assertThat(failed.status()).as(path).isEqualTo(500);
                assertThat(failed.body()).as(path).isEmpty();
            }
            TestResponse next = client.exchange("POST", "/ok", Map.of(), bytes("x"));

            assertThat(next.status()).isEqualTo(200);
            assertThat(next.echo()).containsEntry("path", "/ok");
        }
    }

    @Test
    void sendsContinueBeforeTheBodyWhenTheClientExpectsIt() throws Exception {
        startEcho();
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            client.write(("POST /expect HTTP/1.1\r\nhost: localhost\r\ncontent-length: 3\r\nexpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readResponse().status()).isEqualTo(100);
            client.write(bytes("abc"));

            assertThat(client.readResponse().echo()).containsEntry("bodyLength", "3");
        }
    }

    @Test
    void refusesAnOversizedBodyWith413AndClosesOnlyThatConnection() throws Exception {
        start(new EchoHandler(), 1024);
        try (RawHttp1Client other = RawHttp1Client.connect(server.address());
                RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            assertThat(other.exchange("POST", "/before", Map.of(), bytes("x")).status()).isEqualTo(200);

            TestResponse refused = client.exchange("POST", "/big", Map.of(), new byte[4096]);

            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.headers()).containsEntry("connection", "close");
            assertThat(client.serverClosed()).isTrue();
            assertThat(other.exchange("POST", "/after", Map.of(), bytes("x")).echo()).containsEntry("path", "/after");
        }
    }

    @Test
    void refusesAnOversizedChunkedBodyWith413() throws Exception {
        start(new EchoHandler(), 1024);
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            client.write(("POST /chunked HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n"
                    + "400\r\n" + "a".repeat(1024) + "\r\n" + "10\r\n" + "b".repeat(16) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(client.readResponse().status()).isEqualTo(413);
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void closesTheConnectionAfterTheReplyWhenTheClientAsksForIt() throws Exception {
        startEcho();
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            TestResponse response = client.exchange("GET", "/bye", Map.of("connection", "close"), new byte[0]);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void answersGarbageWith400AndLeavesOtherConnectionsAlone() throws Exception {
        startEcho();
        try (RawHttp1Client good = RawHttp1Client.connect(server.address());
                RawHttp1Client bad = RawHttp1Client.connect(server.address())) {
            assertThat(good.exchange("POST", "/before", Map.of(), bytes("x")).status()).isEqualTo(200);

            bad.write(new byte[] {'G', 'A', 'R', 'B', 0, 1, 2, (byte) 0xff, ' ', 'x', '\r', '\n', '\r', '\n'});

            assertThat(bad.readResponse().status()).isEqualTo(400);
            assertThat(bad.serverClosed()).isTrue();
            assertThat(good.exchange("POST", "/after", Map.of(), bytes("x")).echo()).containsEntry("path", "/after");
            assertThat(handled).containsExactly("/before", "/after");
        }
    }

    @Test
    void answersAHeadRequestWithTheLengthButNoBody() throws Exception {
        startEcho();
        try (RawHttp1Client client = RawHttp1Client.connect(server.address())) {
            client.send("HEAD", "/head", Map.of(), new byte[0]);
            client.send("GET", "/after", Map.of(), new byte[0]);
            TestResponse head = client.readResponseWithoutBody();

            assertThat(head.status()).isEqualTo(200);
            assertThat(Integer.parseInt(head.headers().get("content-length"))).isPositive();
            assertThat(client.readResponse().echo()).containsEntry("path", "/after");
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
