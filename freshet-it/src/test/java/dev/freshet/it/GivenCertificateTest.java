package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.http.TlsMaterial;
import dev.freshet.server.FreshetServer;
import dev.freshet.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/** {@code --tls-cert} and {@code --tls-key}: the server offers the given certificate, not one of its own. */
class GivenCertificateTest {

    @TempDir
    Path dir;

    @Test
    void aServerStartedWithACertificateAndKeyServesTlsWithThem() throws Exception {
        Path given = Files.createDirectories(dir.resolve("given"));
        String certificate = TlsMaterial.selfSigned(given).certificatePem();
        Path dataDir = dir.resolve("data");
        try (FreshetServer server = FreshetServer.start(ServerConfig.fromFlags("--port", "0",
                "--data-dir", dataDir.toString(), "--create-stream-delay", "0",
                "--tls-cert", given.resolve(TlsMaterial.CERTIFICATE_FILE).toString(),
                "--tls-key", given.resolve(TlsMaterial.PRIVATE_KEY_FILE).toString()));
                KinesisAsyncClient client = Clients.async(server.endpoint("https"), certificate, null)) {
            assertThat(server.certificatePem()).isEqualTo(certificate);
            client.createStream(b -> b.streamName("tls").shardCount(1)).join();
            assertThat(client.listStreams(b -> { }).join().streamNames()).containsExactly("tls");
        }
        assertThat(dataDir.resolve(TlsMaterial.CERTIFICATE_FILE)).doesNotExist();
    }
}
