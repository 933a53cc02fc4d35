package dev.freshet.it;

import dev.freshet.server.FreshetServer;
import dev.freshet.server.ServerConfig;
import java.time.Duration;

/** In-process servers for tests: in memory, on a free port, with the create delay a test needs. */
final class TestServers {

    private TestServers() {}

    static FreshetServer inMemory(Duration createStreamDelay) throws Exception {
        return FreshetServer.start(ServerConfig.fromFlags("--in-memory", "--port", "0",
                "--create-stream-delay", createStreamDelay.toMillis() + "ms",
                "--delete-stream-delay", "0", "--update-stream-delay", "0"));
    }
}
