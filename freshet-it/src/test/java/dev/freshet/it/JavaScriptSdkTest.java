package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.server.FreshetServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK for JavaScript v3 ({@code @aws-sdk/client-kinesis} with {@code NodeHttp2Handler},
 * versions pinned in src/test/node/package.json) runs src/test/node/js_sdk_subscribe.mjs against a
 * real server, every call over HTTP/2: create, put, get, register a consumer and SubscribeToShard,
 * once over cleartext with prior knowledge ({@code http://}) and once over TLS with ALPN
 * ({@code https://}, trusting the server's self-signed certificate through the handler's
 * {@code nodeHttp2ConnectOptions.ca}). The packages are installed once with {@code npm ci} into
 * src/test/node/node_modules and reused while package-lock.json is unchanged. {@code FRESHET_NODE}
 * and {@code FRESHET_NPM} override the binaries.
 */
class JavaScriptSdkTest {

    private static final Path PROGRAM_DIR = Path.of("src/test/node");
    private static final String OK = "javascript sdk subscribe ok";

    private static FreshetServer server;

    @BeforeAll
    static void installAndStart() throws Exception {
        installPackages();
        server = TestServers.inMemory();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void javascript_sdk_puts_reads_and_subscribes_over_http2_cleartext() throws Exception {
        Cli.Result result = node(server.endpoint().toString(), "js-h2c");
        assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
        assertThat(result.stdout()).contains(OK + " (http,");
    }

    @Test
    void javascript_sdk_puts_reads_and_subscribes_over_https_with_alpn_trusting_the_server_certificate()
            throws Exception {
        Path ca = Files.createTempFile("freshet-ca", ".pem");
        try {
            Files.writeString(ca, server.certificatePem(), StandardCharsets.US_ASCII);
            Cli.Result result = node(server.endpoint("https").toString(), "js-tls", ca.toString());
            assertThat(result.exitCode()).as("stdout: %s%nstderr: %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stdout()).contains(OK + " (https,");
        } finally {
            Files.deleteIfExists(ca);
        }
    }

    private static Cli.Result node(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = System.getenv().getOrDefault("FRESHET_NODE", "node");
        command[1] = PROGRAM_DIR.resolve("js_sdk_subscribe.mjs").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return Cli.run(Map.of(), command);
    }

    /**
     * {@code npm ci} when node_modules is missing or older than package-lock.json (npm writes
     * node_modules/.package-lock.json on every install).
     */
    private static void installPackages() throws IOException, InterruptedException {
        Path lock = PROGRAM_DIR.resolve("package-lock.json");
        Path installed = PROGRAM_DIR.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        Cli.Result result = Cli.run(Map.of(), System.getenv().getOrDefault("FRESHET_NPM", "npm"), "ci",
                "--no-audit", "--no-fund", "--prefix", PROGRAM_DIR.toString());
        assertThat(result.exitCode()).as("npm ci failed%nstdout: %s%nstderr: %s", result.stdout(), result.stderr())
                .isZero();
    }
}
