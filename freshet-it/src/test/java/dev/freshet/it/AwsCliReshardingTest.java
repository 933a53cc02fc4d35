package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.server.FreshetServer;
import dev.freshet.testing.Polling;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Developer Guide's resharding walkthrough (split a shard in half, merge two adjacent shards,
 * then UpdateShardCount), done with the AWS CLI against a server that keeps streams UPDATING for a
 * while, so {@code aws kinesis wait stream-exists} really waits after each step.
 */
class AwsCliReshardingTest {

    private static FreshetServer server;
    private static String endpoint;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory("--update-stream-delay", "2s");
        endpoint = server.endpoint().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode ok(String... args) throws Exception {
        return Cli.awsJson(endpoint, args);
    }

    private static String status() throws Exception {
        return ok("describe-stream-summary", "--stream-name", "Reshard")
                .at("/StreamDescriptionSummary/StreamStatus").asText();
    }

    /** Polls like a script would (the CLI waiter polls every 10 s, which is used once above). */
    private static void awaitActive() throws Exception {
        Polling.until("Reshard ACTIVE", Waits.ACTIVE_TIMEOUT, AwsCliReshardingTest::status, "ACTIVE"::equals);
    }

    private static List<String> ids(JsonNode shards) {
        List<String> ids = new ArrayList<>();
        shards.forEach(shard -> ids.add(shard.get("ShardId").asText()));
        return ids;
    }

    @Test
    void the_guides_resharding_walkthrough_works_from_the_aws_cli() throws Exception {
        ok("create-stream", "--stream-name", "Reshard", "--shard-count", "2");
        ok("wait", "stream-exists", "--stream-name", "Reshard");

        JsonNode first = ok("list-shards", "--stream-name", "Reshard").at("/Shards/0");
        String middle = new BigInteger(first.at("/HashKeyRange/StartingHashKey").asText())
                .add(new BigInteger(first.at("/HashKeyRange/EndingHashKey").asText()))
                .divide(BigInteger.TWO).toString();
        ok("split-shard", "--stream-name", "Reshard", "--shard-to-split", "shardId-000000000000",
                "--new-starting-hash-key", middle);
        assertThat(status()).isEqualTo("UPDATING");
        ok("wait", "stream-exists", "--stream-name", "Reshard");
        assertThat(status()).isEqualTo("ACTIVE");

        JsonNode split = ok("describe-stream", "--stream-name", "Reshard").at("/StreamDescription/Shards");
        assertThat(ids(split)).containsExactly("shardId-000000000000", "shardId-000000000001",
                "shardId-000000000002", "shardId-000000000003");
        assertThat(split.at("/0/SequenceNumberRange/EndingSequenceNumber").asText()).isNotEmpty();
        assertThat(split.at("/2/ParentShardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(split.at("/3/HashKeyRange/StartingHashKey").asText()).isEqualTo(middle);

        ok("merge-shards", "--stream-name", "Reshard", "--shard-to-merge", "shardId-000000000003",
                "--adjacent-shard-to-merge", "shardId-000000000001");
        awaitActive();
        JsonNode merged = ok("list-shards", "--stream-name", "Reshard").at("/Shards/4");
        assertThat(merged.at("/ShardId").asText()).isEqualTo("shardId-000000000004");
        assertThat(merged.at("/ParentShardId").asText()).isEqualTo("shardId-000000000003");
        assertThat(merged.at("/AdjacentParentShardId").asText()).isEqualTo("shardId-000000000001");

        JsonNode scaled = ok("update-shard-count", "--stream-name", "Reshard", "--target-shard-count", "4",
                "--scaling-type", "UNIFORM_SCALING");
        assertThat(scaled.at("/CurrentShardCount").asInt()).isEqualTo(2);
        assertThat(scaled.at("/TargetShardCount").asInt()).isEqualTo(4);
        awaitActive();
        JsonNode open = ok("list-shards", "--stream-name", "Reshard", "--shard-filter", "Type=AT_LATEST")
                .at("/Shards");
        assertThat(open.size()).isEqualTo(4);
        assertThat(ok("describe-stream-summary", "--stream-name", "Reshard")
                .at("/StreamDescriptionSummary/OpenShardCount").asInt()).isEqualTo(4);
        JsonNode limits = ok("describe-limits");
        assertThat(limits.at("/OpenShardCount").asInt()).isEqualTo(4);
        assertThat(limits.at("/ShardLimit").asInt()).isEqualTo(500);
    }
}
