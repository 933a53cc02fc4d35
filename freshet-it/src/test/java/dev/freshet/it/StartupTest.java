package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
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
 * cleanly on SIGTERM; it starts the JVM from the build's class-data sharing archive when that is
 * there and current, and quietly without it otherwise. (How fast is for bench/compare.sh, not here.)
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

    @Test
    void binFreshetStartsTheJvmFromTheClassDataArchiveTheBuildWrote() throws Exception {
        Path script = Path.of("..", "bin", "freshet").toAbsolutePath().normalize();
        Path archive = Path.of("..", "freshet-server", "target", "freshet.jsa").toAbsolutePath().normalize();
        assumeTrue(Files.exists(archive), "the build wrote no archive (-Dfreshet.cds.skip=true)");

        // -Xshare:on: the JVM refuses to start rather than start without the archive it was given.
        Finished help = run(script, "-Xshare:on -Xlog:class+load=info", "--help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("dev.freshet.server.Main source: shared objects file (top)");
    }

    @Test
    void binFreshetStartsWithoutAnArchiveThatIsMissingStaleOrWrittenForAnotherJar(@TempDir Path root) throws Exception {
        // The layout bin/freshet expects, copied, so that the build's own files are left alone.
        Path script = Files.copy(Path.of("..", "bin", "freshet"), Files.createDirectories(root.resolve("bin"))
                .resolve("freshet"));
        assertThat(script.toFile().setExecutable(true)).isTrue();
        Path target = Files.createDirectories(root.resolve("freshet-server").resolve("target"));
        Path jar = Files.copy(Path.of("..", "freshet-server", "target", "freshet.jar"), target.resolve("freshet.jar"));
        Path archive = target.resolve("freshet.jsa");
        FileTime jarTime = Files.getLastModifiedTime(jar);

        // Missing.
        servesAndStops(script);

        // Newer than the jar but written for another one (the build's, at its own path): the JVM
        // rejects it, quietly.
        Path built = Path.of("..", "freshet-server", "target", "freshet.jsa");
        if (Files.exists(built)) {
            Files.copy(built, archive);
        } else {
            Files.write(archive, new byte[4096]);
        }
        Files.setLastModifiedTime(archive, FileTime.from(jarTime.toInstant().plus(Duration.ofMinutes(1))));
        servesAndStops(script);

        // Older than the jar (it was rebuilt without writing a new archive): not even passed to the
        // JVM, which -Xshare:on would otherwise make refuse to start.
        Files.setLastModifiedTime(archive, FileTime.from(jarTime.toInstant().minus(Duration.ofHours(1))));
        Finished help = run(script, "-Xshare:on", "--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).startsWith("Usage: freshet");
    }

    @Test
    void binFreshetLetsFreshetJavaOptsChooseAnotherCollector() throws Exception {
        Path script = Path.of("..", "bin", "freshet").toAbsolutePath().normalize();

        // Two collectors on one command line would stop the JVM ("multiple garbage collectors").
        Finished help = run(script, "-XX:+UseG1GC -Xlog:gc=info", "--help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Using G1").contains("Usage: freshet");
    }

    private record Finished(int exitCode, String output) {}

    /** Runs the script to completion with {@code FRESHET_JAVA_OPTS} set. */
    private static Finished run(Path script, String javaOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FRESHET_JAVA_OPTS", javaOptions);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Finished(process.exitValue(), output);
    }

    /** Starts the script, answers a call, stops on SIGTERM; the JVM said nothing of its own on the way. */
    private void servesAndStops(Path script) throws Exception {
        Started started = start(script);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(started.endpoint)
                            .header("Content-Type", "application/x-amz-json-1.1")
                            .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            started.process.toHandle().destroy();
            assertThat(started.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String rest = started.rest();
        assertThat(rest).contains("Freshet stopped").doesNotContain("[warning]").doesNotContain("[error]");
        assertThat(started.before()).doesNotContain("[warning]").doesNotContain("[error]");
    }

    private record Started(Process process, URI endpoint, BufferedReader output, String before) {
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
        StringBuilder before = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String line = output.readLine();
            if (line == null) {
                break;
            }
            if (line.startsWith("Freshet listening on ")) {
                URI endpoint = URI.create(line.substring("Freshet listening on ".length()).trim());
                assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
                assertThat(endpoint.getPort()).isPositive();
                return new Started(process, endpoint, output, before.toString());
            }
            before.append(line).append('\n');
        }
        process.destroyForcibly();
        throw new IllegalStateException("bin/freshet did not announce its endpoint");
    }
}
