package dev.freshet.http;

import static dev.freshet.http.Http1CleartextTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a connection is told to be TLS or not, and what TLS clients see while the server's TLS
 * material is loaded and its context built.
 */
class TlsDetectorTest {

    @Test
    void recognisesTlsRecordHeadersAndNothingElse() {
        assertThat(header(0x16, 0x03, 0x01, 0x02, 0x00)).isTrue(); // a ClientHello record, TLS 1.0 framing
        assertThat(header(0x16, 0x03, 0x03, 0x00, 0x10)).isTrue();
        assertThat(header(0x15, 0x03, 0x03, 0x00, 0x02)).isTrue(); // an alert
        assertThat(header(0x17, 0x03, 0x03, 0x40, 0x00)).isTrue(); // application data
        assertThat(header(0x16, 0x03, 0x01, 0x00, 0x00)).isFalse(); // empty record
        assertThat(header(0x16, 0x02, 0x00, 0x00, 0x10)).isFalse(); // not version 3.x
        assertThat(header(0x19, 0x03, 0x03, 0x00, 0x10)).isFalse(); // no such content type
        for (String cleartext : List.of("POST / HTTP/1.1", "GET / HTTP/1.1", "PRI * HTTP/2.0")) {
            byte[] bytes = cleartext.getBytes(StandardCharsets.US_ASCII);
            assertThat(TlsDetector.isTlsRecordHeader(Unpooled.wrappedBuffer(bytes))).as(cleartext).isFalse();
        }
    }

    @Test
    void clientsArrivingTogetherAtAFreshServerAllCompleteTheirHandshake() throws Exception {
        // A new TlsMaterial: the server builds its JSSE context only now, as these clients arrive.
        TlsMaterial tls = TlsMaterial.selfSignedInMemory();
        HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, tls, 1024, 2);
        try (HttpServer server = HttpServer.start(config, new EchoHandler())) {
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpClient client = HttpClient.newBuilder().sslContext(TestTls.jdkTrusting(tls))
                        .version(i % 2 == 0 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1).build();
                responses.add(client.sendAsync(HttpRequest.newBuilder(https(server, "/first-" + i))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes("x"))).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<byte[]> response = responses.get(i).get(20, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(EchoHandler.parse(response.body())).containsEntry("secure", "true")
                        .containsEntry("path", "/first-" + i);
            }
        }
    }

    @Test
    void aTlsClientArrivingBeforeTheMaterialIsLoadedIsServedOnceItIs() throws Exception {
        CompletableFuture<TlsMaterial> later = new CompletableFuture<>();
        HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, null, 1024, 2);
        try (HttpServer server = HttpServer.start(config, later, new EchoHandler());
                RawHttp1Client plain = RawHttp1Client.connect(server.address())) {
            TlsMaterial tls = TlsMaterial.selfSignedInMemory();
            CompletableFuture<HttpResponse<byte[]>> secure = HttpClient.newBuilder().sslContext(TestTls.jdkTrusting(tls))
                    .build().sendAsync(HttpRequest.newBuilder(https(server, "/early"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes("x"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            // Cleartext is served meanwhile.
            assertThat(plain.exchange("POST", "/plain", Map.of(), bytes("x")).status()).isEqualTo(200);

            later.complete(tls);

            assertThat(EchoHandler.parse(secure.get(20, TimeUnit.SECONDS).body())).containsEntry("secure", "true")
                    .containsEntry("path", "/early");
        }
    }

    @Test
    void tlsConnectionsAreClosedWhenTheMaterialCannotBeLoadedAndCleartextGoesOn() throws Exception {
        HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, null, 1024, 2);
        CompletableFuture<TlsMaterial> failed = CompletableFuture.failedFuture(new IOException("unreadable key"));
        try (HttpServer server = HttpServer.start(config, failed, new EchoHandler());
                RawHttp1Client plain = RawHttp1Client.connect(server.address())) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TestTls.jdkTrusting(TlsMaterial.selfSignedInMemory())).build();

            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(https(server, "/tls"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes("x"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
            assertThat(plain.exchange("POST", "/plain", Map.of(), bytes("x")).status()).isEqualTo(200);
        }
    }

    @Test
    void refusesTlsMaterialGivenTwice() {
        HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, TlsMaterial.selfSignedInMemory());

        assertThatThrownBy(() -> HttpServer.start(config, new CompletableFuture<>(), new EchoHandler()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static URI https(HttpServer server, String path) {
        return URI.create("https://127.0.0.1:" + server.address().getPort() + path);
    }

    private static boolean header(int... bytes) {
        byte[] header = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            header[i] = (byte) bytes[i];
        }
        return TlsDetector.isTlsRecordHeader(Unpooled.wrappedBuffer(header));
    }
}
