package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external client program (the AWS CLI, python3) with a clean AWS environment. */
final class Cli {

    record Result(int exitCode, String stdout, String stderr) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {}

    static Result run(Map<String, String> extraEnvironment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", Clients.ACCOUNT);
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", Path.of("target", "no-aws-config").toAbsolutePath().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", Path.of("target", "no-aws-credentials").toAbsolutePath().toString());
        env.putAll(extraEnvironment);
        Process process = builder.start();
        process.getOutputStream().close();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    /**
     * {@link #aws}, which must succeed; its output as JSON (an empty object if there is none, as after
     * {@code aws kinesis wait}).
     */
    static JsonNode awsJson(String endpoint, String... args) throws IOException, InterruptedException {
        Result result = aws(endpoint, args);
        assertThat(result.exitCode()).as("aws %s: %s", String.join(" ", args), result.stderr()).isZero();
        return result.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.stdout());
    }

    /** {@code aws kinesis <args> --endpoint-url <endpoint> --output json}. */
    static Result aws(String endpoint, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "kinesis"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
        return run(Map.of(), command.toArray(String[]::new));
    }
}
