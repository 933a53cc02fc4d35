package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The README's first command: {@code bin/freshet} starts the built server, configured by flags and
 * {@code FRESHET_*} environment variables, announces its endpoint, keeps data on disk and stops
 * cleanly on SIGTERM.
 */
class StartupTest {

    @TempDir
    Path dataDir;

    @Test
    void binFreshetServesUntilSigtermAndKeepsItsDataForTheNextStart() throws Exception {
        Path script = Path.of("..", "bin", "freshet").toAbsolutePath().normalize();
        assertThat(Files.isExecutable(script)).isTrue();

        Started first = start(script);
        try (KinesisClient client = Clients.sync(first.endpoint, null)) {
            client.createStream(b -> b.streamName("kept").shardCount(1));
            client.putRecord(b -> b.streamName("kept").partitionKey("k").data(SdkBytes.fromUtf8String("durable")));
        }
        first.process.toHandle().destroy(); // SIGTERM, leaving our end of its output open
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.rest()).contains("Freshet stopped");
        assertThat(dataDir.resolve("freshet-cert.pem")).exists();

        Started second = start(script);
        try (KinesisClient client = Clients.sync(second.endpoint, null)) {
            String iterator = client.getShardIterator(b -> b.streamName("kept").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(client.getRecords(b -> b.shardIterator(iterator)).records())
                    .extracting(record -> record.data().asUtf8String()).containsExactly("durable");
        } finally {
            second.process.destroy();
            second.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Started(Process process, URI endpoint, BufferedReader output) {
        String rest() throws Exception {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = output.readLine()) != null) {
                lines.add(line);
            }
            return String.join("\n", lines);
        }
    }

    /** Port and data directory come from the environment, the create delay from a flag. */
    private Started start(Path script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "--create-stream-delay", "0")
                .redirectErrorStream(true);
        builder.environment().put("FRESHET_PORT", "0");
        builder.environment().put("FRESHET_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (int i = 0; i < 1000; i++) {
            String line = output.readLine();
            if (line == null) {
                break;
            }
            if (line.startsWith("Freshet listening on ")) {
                URI endpoint = URI.create(line.substring("Freshet listening on ".length()).trim());
                assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
                assertThat(endpoint.getPort()).isPositive();
                return new Started(process, endpoint, output);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("bin/freshet did not announce its endpoint");
    }
}
