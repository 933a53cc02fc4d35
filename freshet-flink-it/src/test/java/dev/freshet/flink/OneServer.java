package dev.freshet.flink;

import dev.freshet.testing.FreshetProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Freshet server per test class, started from the packaged jar before its first test (streams
 * ACTIVE at once; no fsync, since no test here kills it), with the tests' own SDK client to it.
 */
abstract class OneServer {

    @TempDir
    static Path dataDir;

    static FreshetProcess server;
    static Kinesis kinesis;

    @BeforeAll
    static void startServer() throws Exception {
        server = FreshetProcess.start(dataDir, "--create-stream-delay", "0", "--fsync", "never");
        kinesis = new Kinesis(server.endpoint());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (kinesis != null) {
            kinesis.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
