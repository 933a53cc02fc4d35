package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.freshet.server.FreshetServer;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;

/**
 * SplitShard, MergeShards, UpdateShardCount, UpdateStreamMode and DescribeLimits through the AWS SDK
 * for Java v2, with AWS's error types and messages; the build runs it in CBOR and in JSON.
 */
class ReshardingSdkTest {

    private static final String MAX = "340282366920938463463374607431768211455";
    private static FreshetServer server;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory("--update-stream-delay", "300ms", "--shard-limit", "60",
                "--on-demand-stream-limit", "3");
        kinesis = Clients.sync(server.endpoint(), null);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        server.close();
    }

    private static KinesisException awsError(Runnable call) {
        KinesisException thrown = catchThrowableOfType(KinesisException.class, call::run);
        assertThat(thrown).as("an AWS error").isNotNull();
        assertThat(thrown.statusCode()).isEqualTo(400);
        return thrown;
    }

    private static List<Shard> shards(String stream) {
        return kinesis.listShards(b -> b.streamName(stream)).shards();
    }

    @Test
    void split_and_merge_reshape_the_stream_and_closed_shards_hand_over_to_their_children() throws Exception {
        String stream = Clients.perWireFormat("split-merge");
        kinesis.createStream(b -> b.streamName(stream).shardCount(2));
        String lowKey = "100";
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").explicitHashKey(lowKey)
                .data(SdkBytes.fromUtf8String("before")));
        String middle = new BigInteger(shards(stream).get(0).hashKeyRange().endingHashKey()).shiftRight(1).toString();

        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(middle));
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus())
                .isEqualTo(StreamStatus.UPDATING);
        KinesisException busy = awsError(() -> kinesis.mergeShards(b -> b.streamName(stream)
                .shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000001")));
        assertThat(busy.awsErrorDetails().errorCode()).isEqualTo("ResourceInUseException");
        assertThat(busy.awsErrorDetails().errorMessage())
                .isEqualTo("Stream " + stream + " under account 123456789012 not ACTIVE, instead in state UPDATING");
        Waits.streamActive(kinesis, stream);

        List<Shard> afterSplit = shards(stream);
        assertThat(afterSplit).extracting(Shard::shardId).containsExactly("shardId-000000000000",
                "shardId-000000000001", "shardId-000000000002", "shardId-000000000003");
        assertThat(afterSplit.get(2).parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(afterSplit.get(3).hashKeyRange().startingHashKey()).isEqualTo(middle);
        assertThat(afterSplit.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();

        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse drained = kinesis.getRecords(b -> b.shardIterator(iterator));
        assertThat(drained.records()).extracting(r -> r.data().asUtf8String()).containsExactly("before");
        assertThat(drained.nextShardIterator()).isNull();
        assertThat(drained.childShards()).extracting(ChildShard::shardId)
                .containsExactly("shardId-000000000002", "shardId-000000000003");

        kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000003")
                .adjacentShardToMerge("shardId-000000000001"));
        Waits.streamActive(kinesis, stream);
        Shard merged = shards(stream).get(4);
        assertThat(merged.parentShardId()).isEqualTo("shardId-000000000003");
        assertThat(merged.adjacentParentShardId()).isEqualTo("shardId-000000000001");
        assertThat(merged.hashKeyRange().endingHashKey()).isEqualTo(MAX);
        assertThat(kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                .shards()).extracting(Shard::shardId).containsExactly("shardId-000000000002", "shardId-000000000004");
        assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").explicitHashKey(MAX)
                .data(SdkBytes.fromUtf8String("after"))).shardId()).isEqualTo("shardId-000000000004");
    }

    @Test
    void invalid_reshards_get_the_aws_errors() {
        String stream = Clients.perWireFormat("bad-reshard");
        kinesis.createStream(b -> b.streamName(stream).shardCount(3));

        KinesisException badKey = awsError(() -> kinesis.splitShard(b -> b.streamName(stream)
                .shardToSplit("shardId-000000000000").newStartingHashKey("1")));
        assertThat(badKey.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException");
        assertThat(badKey.awsErrorDetails().errorMessage()).isEqualTo("NewStartingHashKey 1 used in SplitShard() on "
                + "shard shardId-000000000000 in stream " + stream + " under account 123456789012 is not both greater "
                + "than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey "
                + "113427455640312821154458202477256070484.");
        KinesisException noShard = awsError(() -> kinesis.splitShard(b -> b.streamName(stream)
                .shardToSplit("shardId-9").newStartingHashKey("5")));
        assertThat(noShard.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(noShard.awsErrorDetails().errorMessage()).isEqualTo(
                "Could not find shard shardId-000000000009 in stream " + stream + " under account 123456789012.");
        KinesisException apart = awsError(() -> kinesis.mergeShards(b -> b.streamName(stream)
                .shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000002")));
        assertThat(apart.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException");
        assertThat(apart.awsErrorDetails().errorMessage()).isEqualTo("Shards shardId-000000000000 and "
                + "shardId-000000000002 in stream " + stream + " under account 123456789012 are not an adjacent pair "
                + "of shards eligible for merging");
        KinesisException notHex = awsError(() -> kinesis.splitShard(b -> b.streamName(stream)
                .shardToSplit("shardId-000000000000").newStartingHashKey("0x10")));
        assertThat(notHex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        KinesisException overDouble = awsError(() -> kinesis.updateShardCount(b -> b.streamName(stream)
                .targetShardCount(7).scalingType(ScalingType.UNIFORM_SCALING)));
        assertThat(overDouble.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
        assertThat(overDouble.awsErrorDetails().errorMessage()).isEqualTo("UpdateShardCount cannot scale up over "
                + "double your current open shard count. Current open shard count: 3, Target shard count: 7");
        KinesisException underHalf = awsError(() -> kinesis.updateShardCount(b -> b.streamName(stream)
                .targetShardCount(1).scalingType(ScalingType.UNIFORM_SCALING)));
        assertThat(underHalf.awsErrorDetails().errorMessage()).isEqualTo("UpdateShardCount cannot scale down below "
                + "half your current open shard count. Current open shard count: 3, Target shard count: 1");
        KinesisException unknown = awsError(() -> kinesis.updateShardCount(b -> b.streamName("nope")
                .targetShardCount(1).scalingType(ScalingType.UNIFORM_SCALING)));
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(unknown.awsErrorDetails().errorMessage())
                .isEqualTo("Stream nope under account 123456789012 not found.");
    }

    @Test
    void update_shard_count_answers_the_counts_and_ends_with_uniform_open_shards() throws Exception {
        String stream = Clients.perWireFormat("scale");
        kinesis.createStream(b -> b.streamName(stream).shardCount(3));

        UpdateShardCountResponse response = kinesis.updateShardCount(b -> b.streamName(stream)
                .targetShardCount(5).scalingType(ScalingType.UNIFORM_SCALING));

        assertThat(response.streamName()).isEqualTo(stream);
        assertThat(response.currentShardCount()).isEqualTo(3);
        assertThat(response.targetShardCount()).isEqualTo(5);
        Waits.streamActive(kinesis, stream);
        List<Shard> open = kinesis.listShards(b -> b.streamName(stream)
                .shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards().stream()
                .sorted(Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey()))).toList();
        assertThat(open).hasSize(5);
        assertThat(open.get(0).hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(open.get(4).hashKeyRange().endingHashKey()).isEqualTo(MAX);
        for (int i = 1; i < open.size(); i++) {
            assertThat(new BigInteger(open.get(i).hashKeyRange().startingHashKey()))
                    .isEqualTo(new BigInteger(open.get(i - 1).hashKeyRange().endingHashKey()).add(BigInteger.ONE));
        }
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .openShardCount()).isEqualTo(5);
    }

    @Test
    void capacity_modes_switch_and_describe_limits_counts_them() throws Exception {
        String stream = Clients.perWireFormat("modes");
        kinesis.createStream(b -> b.streamName(stream).shardCount(2));
        String arn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
        DescribeLimitsResponse before = kinesis.describeLimits(b -> { });

        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));

        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamStatus()).isEqualTo(StreamStatus.UPDATING);
        Waits.streamActive(kinesis, stream);
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
        DescribeLimitsResponse after = kinesis.describeLimits(b -> { });
        assertThat(after.shardLimit()).isEqualTo(60);
        assertThat(after.onDemandStreamCountLimit()).isEqualTo(3);
        assertThat(after.onDemandStreamCount()).isEqualTo(before.onDemandStreamCount() + 1);
        assertThat(after.openShardCount()).isEqualTo(before.openShardCount());
        KinesisException manual = awsError(() -> kinesis.updateShardCount(b -> b.streamName(stream)
                .targetShardCount(3).scalingType(ScalingType.UNIFORM_SCALING)));
        assertThat(manual.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        KinesisException missingArn = catchThrowableOfType(KinesisException.class, () -> kinesis.updateStreamMode(
                b -> b.streamModeDetails(m -> m.streamMode(StreamMode.PROVISIONED))));
        assertThat(missingArn.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }
}
