package dev.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.http.TlsMaterial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link FreshetServer#start} promises however its steps overlap: when it returns the
 * certificate is on disk and every request is answered; when it fails it leaves nothing behind.
 */
class FreshetServerStartTest {

    @TempDir
    Path dir;

    @Test
    void whenStartReturnsTheCertificateIsWrittenAndBothSchemesAnswer() throws Exception {
        Path dataDir = dir.resolve("data");
        try (FreshetServer server = FreshetServer.start(ServerConfig.fromFlags("--port", "0",
                "--data-dir", dataDir.toString()))) {
            Path written = dataDir.resolve(TlsMaterial.CERTIFICATE_FILE);
            assertThat(written).exists();
            assertThat(Files.readString(written)).isEqualTo(server.certificatePem());

            assertThat(listStreams(HttpClient.newHttpClient(), server.endpoint())).isEqualTo(200);
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(Files.readString(written))).build();
            assertThat(listStreams(trusting, server.endpoint("https"))).isEqualTo(200);
        }
    }

    @Test
    void aFailedStartReleasesThePortAndTheDataDirectory() throws Exception {
        Path dataDir = dir.resolve("data");
        Path otherKey = dir.resolve("other-key.pem");
        Path certificate = dir.resolve("cert.pem");
        TlsMaterial.selfSigned(dir.resolve("a"));
        TlsMaterial.selfSigned(dir.resolve("b"));
        Files.copy(dir.resolve("a").resolve(TlsMaterial.CERTIFICATE_FILE), certificate);
        Files.copy(dir.resolve("b").resolve(TlsMaterial.PRIVATE_KEY_FILE), otherKey);
        int port = freePort();

        ServerConfig mismatched = ServerConfig.fromFlags("--port", String.valueOf(port), "--data-dir",
                dataDir.toString(), "--tls-cert", certificate.toString(), "--tls-key", otherKey.toString());
        assertThatThrownBy(() -> FreshetServer.start(mismatched))
                .isInstanceOf(IOException.class).hasMessageContaining("does not belong");

        try (FreshetServer server = FreshetServer.start(ServerConfig.fromFlags("--port", String.valueOf(port),
                "--data-dir", dataDir.toString()))) {
            assertThat(server.address().getPort()).isEqualTo(port);
            assertThat(listStreams(HttpClient.newHttpClient(), server.endpoint())).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortFailsTheStartAndClosesTheEngine() throws Exception {
        Path dataDir = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> FreshetServer.start(ServerConfig.fromFlags("--port",
                    String.valueOf(taken.getLocalPort()), "--data-dir", dataDir.toString())))
                    .isInstanceOf(IOException.class);
        }
        try (FreshetServer server = FreshetServer.start(ServerConfig.fromFlags("--port", "0",
                "--data-dir", dataDir.toString()))) {
            assertThat(listStreams(HttpClient.newHttpClient(), server.endpoint())).isEqualTo(200);
        }
    }

    private static int listStreams(HttpClient client, URI endpoint) throws Exception {
        return client.send(HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static SSLContext trusting(String certificatePem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("freshet", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
