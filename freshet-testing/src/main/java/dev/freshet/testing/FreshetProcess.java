package dev.freshet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Freshet server in its own JVM, started from the packaged {@code freshet.jar} with flags, as a
 * user starts it. It binds port 0 on 127.0.0.1; the endpoint is read from its
 * {@code Freshet listening on …} line. The same port serves {@code https://}: the server writes a
 * self-signed certificate to {@code <data-dir>/freshet-cert.pem}.
 *
 * <p>The jar is the one named by the system property {@code freshet.jar}, or else
 * {@code freshet-server/target/freshet.jar} in the nearest directory above the working directory
 * that has one (a module's tests run in that module's directory).
 *
 * <p>Not thread-safe. {@link #close()} is idempotent and kills the process if it still runs.
 */
public final class FreshetProcess implements AutoCloseable {

    private static final String READY = "Freshet listening on ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;
    private final Path dataDir;
    private final StringBuffer output;

    private FreshetProcess(Process process, URI endpoint, Path dataDir, StringBuffer output) {
        this.process = process;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
        this.output = output;
    }

    /** Starts a server storing its data in {@code dataDir}, with {@code flags} after the defaults. */
    public static FreshetProcess start(Path dataDir, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar().toString(),
                "--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> ready = new LinkedBlockingQueue<>();
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> pump(process, output, ready), "freshet-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        String endpoint = ready.poll(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Freshet did not start within " + START_TIMEOUT + "; output:\n" + output);
        }
        return new FreshetProcess(process, URI.create(endpoint), dataDir, output);
    }

    private static void pump(Process process, StringBuffer output, BlockingQueue<String> ready) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith(READY)) {
                    ready.add(line.substring(READY.length()).trim());
                }
            }
        } catch (IOException e) {
            output.append("[output pump failed: ").append(e).append("]\n");
        }
    }

    private static Path jar() {
        String named = System.getProperty("freshet.jar");
        if (named != null) {
            return Path.of(named);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("freshet-server/target/freshet.jar");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("freshet-server/target/freshet.jar not found above "
                + Path.of("").toAbsolutePath() + "; build it with `mvn package` or set -Dfreshet.jar");
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The same port over TLS, named {@code localhost} as the self-signed certificate is. */
    public URI httpsEndpoint() {
        return URI.create("https://localhost:" + endpoint.getPort());
    }

    /** The PEM of the self-signed certificate the server presents on {@link #httpsEndpoint()}. */
    public String certificatePem() {
        try {
            return Files.readString(dataDir.resolve("freshet-cert.pem"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the server printed so far, for failure messages. */
    public String output() {
        return output.toString();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
