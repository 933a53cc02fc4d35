package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.server.FreshetServer;
import dev.freshet.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** boto3 (HTTP/1.1, JSON) round trip: src/test/python/boto3_round_trip.py against a real server. */
class Boto3Test {

    @Test
    void boto3PutsAndReadsBackByEveryIteratorType() throws Exception {
        ServerConfig d = ServerConfig.defaults();
        try (FreshetServer server = FreshetServer.start(new ServerConfig("127.0.0.1", 0, Path.of("unused"), true,
                "000000000000", "us-east-1", Duration.ofMillis(200), Duration.ZERO, Duration.ZERO, d.fsync(),
                d.fsyncInterval(), null, null))) {
            Cli.Result result = Cli.run(Map.of(), System.getenv().getOrDefault("FRESHET_PYTHON", "python3"), Path.of("src/test/python/boto3_round_trip.py").toString(),
                    server.endpoint().toString(), "boto3-stream");
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stdout()).contains("boto3 round trip ok");
        }
    }
}
