package dev.freshet.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Freshet server in its own JVM, started as a user starts it ({@code dev.freshet.server.Main}
 * with flags), so tests can kill it with SIGKILL. It binds port 0; the endpoint is read from the
 * {@code Freshet listening on …} line. Not thread-safe; {@link #close()} is idempotent.
 */
final class ServerProcess implements AutoCloseable {

    private static final String READY = "Freshet listening on ";

    private final Process process;
    private final URI endpoint;
    private final StringBuffer output = new StringBuffer();

    private ServerProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static ServerProcess start(Path dataDir, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.freshet.server.Main",
                "--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> ready = new LinkedBlockingQueue<>();
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> {
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
        }, "server-output");
        pump.setDaemon(true);
        pump.start();
        String endpoint = ready.poll(60, TimeUnit.SECONDS);
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not start; output:\n" + output);
        }
        ServerProcess server = new ServerProcess(process, URI.create(endpoint));
        server.output.append(output);
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for a clean exit; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
