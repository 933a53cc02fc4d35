package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.server.FreshetServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI walkthrough of the Kinesis Developer Guide ("Perform basic stream operations"),
 * scripted against a real server with a create delay, so the CLI sees CREATING and its waiter
 * really waits.
 */
class AwsCliWalkthroughTest {

    private static FreshetServer server;
    private static String endpoint;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory(Duration.ofSeconds(4));
        endpoint = server.endpoint().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theGuidesBasicStreamOperationsWorkFromTheAwsCli() throws Exception {
        Cli.awsJson(endpoint, "create-stream", "--stream-name", "Foo", "--shard-count", "1");
        JsonNode creating = Cli.awsJson(endpoint, "describe-stream-summary", "--stream-name", "Foo");
        assertThat(creating.at("/StreamDescriptionSummary/StreamStatus").asText()).isEqualTo("CREATING");

        Cli.awsJson(endpoint, "wait", "stream-exists", "--stream-name", "Foo");
        JsonNode active = Cli.awsJson(endpoint, "describe-stream-summary", "--stream-name", "Foo");
        assertThat(active.at("/StreamDescriptionSummary/StreamStatus").asText()).isEqualTo("ACTIVE");
        assertThat(active.at("/StreamDescriptionSummary/OpenShardCount").asInt()).isEqualTo(1);

        JsonNode streams = Cli.awsJson(endpoint, "list-streams");
        assertThat(streams.at("/StreamNames").toString()).contains("\"Foo\"");

        JsonNode put = Cli.awsJson(endpoint, "put-record", "--stream-name", "Foo", "--partition-key", "123",
                "--data", "testdata");
        assertThat(put.at("/ShardId").asText()).isEqualTo("shardId-000000000000");
        String sequenceNumber = put.at("/SequenceNumber").asText();

        JsonNode iterator = Cli.awsJson(endpoint, "get-shard-iterator", "--shard-id", "shardId-000000000000",
                "--shard-iterator-type", "TRIM_HORIZON", "--stream-name", "Foo");
        JsonNode records = Cli.awsJson(endpoint, "get-records", "--shard-iterator",
                iterator.at("/ShardIterator").asText());
        assertThat(records.at("/Records/0/SequenceNumber").asText()).isEqualTo(sequenceNumber);
        assertThat(records.at("/Records/0/PartitionKey").asText()).isEqualTo("123");
        assertThat(new String(Base64.getDecoder().decode(records.at("/Records/0/Data").asText()),
                StandardCharsets.UTF_8)).isEqualTo("testdata");
        assertThat(records.at("/NextShardIterator").asText()).isNotEmpty();
        assertThat(records.at("/MillisBehindLatest").asLong()).isZero();

        Cli.awsJson(endpoint, "delete-stream", "--stream-name", "Foo");
        Cli.Result gone = Cli.aws(endpoint, "describe-stream-summary", "--stream-name", "Foo");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stderr()).contains("ResourceNotFoundException")
                .contains("Stream Foo under account 123456789012 not found.");
    }

    @Test
    void theAwsCliSpeaksHttpsWhenGivenTheServerCertificateAsItsCaBundle(@TempDir Path dir) throws Exception {
        String https = server.endpoint("https").toString();
        Path ca = Files.writeString(dir.resolve("freshet-cert.pem"), server.certificatePem());
        Cli.awsJson(https, "create-stream", "--stream-name", "Tls", "--shard-count", "1", "--ca-bundle", ca.toString());
        JsonNode summary = Cli.awsJson(https, "describe-stream-summary", "--stream-name", "Tls",
                "--ca-bundle", ca.toString());
        assertThat(summary.at("/StreamDescriptionSummary/StreamName").asText()).isEqualTo("Tls");

        Cli.Result untrusted = Cli.aws(https, "describe-stream-summary", "--stream-name", "Tls");
        assertThat(untrusted.exitCode()).isNotZero();
        assertThat(untrusted.stderr()).contains("CERTIFICATE_VERIFY_FAILED");
    }
}
