package dev.freshet.http;

import static dev.freshet.http.Http1CleartextTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One TLS-enabled port, every way a client may arrive: with ALPN h2 or http/1.1, without ALPN, or in cleartext. */
class TlsTransportTest {

    private static final long TIMEOUT = 20;

    private static TlsMaterial tls;
    private static SSLContext trusting;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsMaterial.selfSignedInMemory();
        trusting = TestTls.jdkTrusting(tls);
        server = HttpServer.start(new HttpServerConfig("127.0.0.1", 0, tls, 8 * 1024 * 1024, 2), new EchoHandler());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI https(String path) {
        return URI.create("https://127.0.0.1:" + server.address().getPort() + path);
    }

    private static HttpResponse<byte[]> jdkPost(HttpClient.Version version, String path) throws Exception {
        // The JDK client verifies the host name, here the IP address SAN 127.0.0.1.
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(version).build();
        return client.send(HttpRequest.newBuilder(https(path))
                        .header(EchoHandler.TEST_HEADER, version.name())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes("tls body"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesHttp2WhenAlpnNegotiatesH2() throws Exception {
        HttpResponse<byte[]> response = jdkPost(HttpClient.Version.HTTP_2, "/alpn-h2");

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(EchoHandler.parse(response.body())).containsEntry("protocol", "HTTP/2")
                .containsEntry("secure", "true").containsEntry("path", "/alpn-h2")
                .containsEntry("bodyLength", "8").containsEntry("header", "HTTP_2");
    }

    @Test
    void servesHttp11WhenAlpnNegotiatesHttp11() throws Exception {
        HttpResponse<byte[]> response = jdkPost(HttpClient.Version.HTTP_1_1, "/alpn-http11");

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(EchoHandler.parse(response.body())).containsEntry("protocol", "HTTP/1.1")
                .containsEntry("secure", "true").containsEntry("header", "HTTP_1_1");
    }

    @Test
    void servesHttp11OverTlsWithoutAlpn() throws Exception {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.address().getPort());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        try (RawHttp1Client client = new RawHttp1Client(socket)) {
            TestResponse first = client.exchange("POST", "/no-alpn", Map.of(EchoHandler.TEST_HEADER, "raw"), bytes("abc"));
            TestResponse second = client.exchange("POST", "/no-alpn-2", Map.of(), bytes("abcd"));

            assertThat(socket.getApplicationProtocol()).isEmpty();
            assertThat(first.echo()).containsEntry("protocol", "HTTP/1.1").containsEntry("secure", "true")
                    .containsEntry("header", "raw").containsEntry("bodyLength", "3");
            assertThat(second.echo()).containsEntry("path", "/no-alpn-2").containsEntry("bodyLength", "4");
        }
    }

    @Test
    void servesHttp2OverTlsWithoutAlpn() throws Exception {
        try (Http2TestClient client = Http2TestClient.connect(server.address(), TestTls.nettyWithoutAlpn(tls))) {
            TestResponse response = client.post("/no-alpn-h2", Map.of(EchoHandler.TEST_HEADER, "netty"), bytes("xyz"))
                    .get(TIMEOUT, TimeUnit.SECONDS);

            assertThat(response.echo()).containsEntry("protocol", "HTTP/2").containsEntry("secure", "true")
                    .containsEntry("header", "netty").containsEntry("bodyLength", "3");
        }
    }

    @Test
    void stillServesCleartextHttp11AndHttp2OnTheTlsPort() throws Exception {
        try (RawHttp1Client http1 = RawHttp1Client.connect(server.address());
                Http2TestClient http2 = Http2TestClient.connect(server.address())) {
            assertThat(http1.exchange("POST", "/plain", Map.of(), bytes("x")).echo())
                    .containsEntry("protocol", "HTTP/1.1").containsEntry("secure", "false");
            assertThat(http2.post("/plain-h2", Map.of(), bytes("x")).get(TIMEOUT, TimeUnit.SECONDS).echo())
                    .containsEntry("protocol", "HTTP/2").containsEntry("secure", "false");
        }
    }

    @Test
    void garbageThatLooksLikeTlsClosesOnlyItsOwnConnection() throws Exception {
        try (RawHttp1Client good = RawHttp1Client.connect(server.address());
                RawHttp1Client bad = RawHttp1Client.connect(server.address())) {
            assertThat(good.exchange("POST", "/before", Map.of(), bytes("x")).status()).isEqualTo(200);

            // A TLS handshake record header followed by nonsense.
            bad.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});

            assertThat(bad.serverClosed()).isTrue();
            assertThat(good.exchange("POST", "/after", Map.of(), bytes("x")).echo()).containsEntry("path", "/after");
        }
    }
}
