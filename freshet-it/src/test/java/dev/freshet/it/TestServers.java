package dev.freshet.it;

import dev.freshet.server.FreshetServer;
import dev.freshet.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** In-process servers for tests: in memory, on a free port, with the delays and limits a test needs. */
final class TestServers {

    /** Streams created, deleted and updated at once; a test's own flags come after, and win. */
    private static final List<String> IN_MEMORY = List.of("--in-memory", "--port", "0",
            "--create-stream-delay", "0", "--delete-stream-delay", "0", "--update-stream-delay", "0");

    private TestServers() {}

    /** A server with no delays, then {@code flags} (e.g. {@code "--update-stream-delay", "300ms"}). */
    static FreshetServer inMemory(String... flags) throws Exception {
        return FreshetServer.start(inMemoryConfig(flags));
    }

    static FreshetServer inMemory(Duration createStreamDelay) throws Exception {
        return inMemory("--create-stream-delay", createStreamDelay.toMillis() + "ms");
    }

    /** The configuration {@link #inMemory(String...)} starts, for a server started with more (a clock). */
    static ServerConfig inMemoryConfig(String... flags) {
        List<String> all = new ArrayList<>(IN_MEMORY);
        all.addAll(List.of(flags));
        return ServerConfig.fromFlags(all.toArray(String[]::new));
    }
}
