package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.server.FreshetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 (HTTP/1.1, JSON) against a real server: the round trip of src/test/python/boto3_round_trip.py,
 * and SubscribeToShard's chunked event stream (src/test/python/boto3_subscribe.py), over http:// and
 * over https:// trusting the server's self-signed certificate ({@code verify=} the PEM file).
 */
class Boto3Test {

    @Test
    void boto3PutsAndReadsBackByEveryIteratorType() throws Exception {
        try (FreshetServer server = TestServers.inMemory(Duration.ofMillis(200))) {
            Cli.Result result = Cli.run(Map.of(), System.getenv().getOrDefault("FRESHET_PYTHON", "python3"), Path.of("src/test/python/boto3_round_trip.py").toString(),
                    server.endpoint().toString(), "boto3-stream");
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stdout()).contains("boto3 round trip ok");
        }
    }

    @Test
    void boto3SubscribesToAShardOverHttp1AndReadsThePushedRecords() throws Exception {
        try (FreshetServer server = TestServers.inMemory(Duration.ZERO)) {
            Cli.Result result = Cli.run(Map.of(), System.getenv().getOrDefault("FRESHET_PYTHON", "python3"),
                    Path.of("src/test/python/boto3_subscribe.py").toString(), server.endpoint().toString(), "sub");
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stdout()).contains("boto3 subscribe ok");
        }
    }

    @Test
    void boto3SubscribesOverHttpsTrustingTheServerCertificate(@TempDir Path dir) throws Exception {
        try (FreshetServer server = TestServers.inMemory(Duration.ZERO)) {
            Path ca = Files.writeString(dir.resolve("freshet-cert.pem"), server.certificatePem());
            Cli.Result result = Cli.run(Map.of(), System.getenv().getOrDefault("FRESHET_PYTHON", "python3"),
                    Path.of("src/test/python/boto3_subscribe.py").toString(), server.endpoint("https").toString(),
                    "sub-tls", ca.toString());
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stdout()).contains("boto3 subscribe ok");
        }
    }
}
