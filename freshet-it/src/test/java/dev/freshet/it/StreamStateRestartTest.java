package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.testing.FreshetProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.Tag;

/**
 * A stream's whole managed state — shards with their lineage, closed shards and their records,
 * capacity mode, retention, tags, resource policy, enhanced monitoring, encryption, record size, warm
 * throughput and the account's billing commitment — comes back the same after the server is killed
 * with SIGKILL and started again on its data directory. (A reshard still pending at a restart is
 * proven at the engine level.)
 */
class StreamStateRestartTest {

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    private static final String[] NO_DELAYS = {"--create-stream-delay", "0", "--update-stream-delay", "0"};

    @TempDir
    Path dataDir;

    @Test
    void every_piece_of_stream_state_survives_a_kill_and_restart() throws Exception {
        List<Shard> shardsBefore;
        DescribeStreamSummaryResponse summaryBefore;
        DescribeStreamSummaryResponse onDemandBefore;
        String arn;
        try (FreshetProcess server = FreshetProcess.start(dataDir, NO_DELAYS);
                KinesisClient kinesis = Clients.sync(server.endpoint(), null)) {
            kinesis.createStream(b -> b.streamName("kept").shardCount(2));
            arn = kinesis.describeStreamSummary(b -> b.streamName("kept")).streamDescriptionSummary().streamARN();
            kinesis.putRecord(b -> b.streamName("kept").partitionKey("p").explicitHashKey("7")
                    .data(SdkBytes.fromUtf8String("in-the-parent")));
            kinesis.splitShard(b -> b.streamName("kept").shardToSplit("shardId-000000000000")
                    .newStartingHashKey("1000"));
            Waits.streamActive(kinesis, "kept");
            kinesis.mergeShards(b -> b.streamName("kept").shardToMerge("shardId-000000000003")
                    .adjacentShardToMerge("shardId-000000000001"));
            Waits.streamActive(kinesis, "kept");
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName("kept").retentionPeriodHours(48));
            kinesis.addTagsToStream(b -> b.streamName("kept").tags(Map.of("team", "data", "env", "test")));
            kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy(POLICY));
            kinesis.enableEnhancedMonitoring(b -> b.streamName("kept").shardLevelMetrics(MetricsName.INCOMING_BYTES));
            kinesis.startStreamEncryption(b -> b.streamName("kept").encryptionType("KMS").keyId("alias/aws/kinesis"));
            kinesis.updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(2048));
            kinesis.createStream(b -> b.streamName("od").streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
            kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(c -> c.status("ENABLED")));
            kinesis.updateStreamWarmThroughput(b -> b.streamName("od").warmThroughputMiBps(10));
            onDemandBefore = kinesis.describeStreamSummary(b -> b.streamName("od"));
            shardsBefore = kinesis.listShards(b -> b.streamName("kept")).shards();
            summaryBefore = kinesis.describeStreamSummary(b -> b.streamName("kept"));
            server.kill();
        }

        try (FreshetProcess server = FreshetProcess.start(dataDir, NO_DELAYS);
                KinesisClient kinesis = Clients.sync(server.endpoint(), null)) {
            assertThat(kinesis.listShards(b -> b.streamName("kept")).shards()).isEqualTo(shardsBefore);
            assertThat(shardsBefore).hasSize(5);
            DescribeStreamSummaryResponse summary = kinesis.describeStreamSummary(b -> b.streamName("kept"));
            assertThat(summary.streamDescriptionSummary()).isEqualTo(summaryBefore.streamDescriptionSummary());
            assertThat(summary.streamDescriptionSummary().streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(summary.streamDescriptionSummary().retentionPeriodHours()).isEqualTo(48);
            assertThat(kinesis.listTagsForStream(b -> b.streamName("kept")).tags())
                    .containsExactlyInAnyOrder(Tag.builder().key("env").value("test").build(),
                            Tag.builder().key("team").value("data").build());
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(arn)).policy()).isEqualTo(POLICY);
            DescribeStreamSummaryResponse onDemand = kinesis.describeStreamSummary(b -> b.streamName("od"));
            assertThat(onDemand.streamDescriptionSummary()).isEqualTo(onDemandBefore.streamDescriptionSummary());
            assertThat(onDemand.streamDescriptionSummary().streamModeDetails().streamMode())
                    .isEqualTo(StreamMode.ON_DEMAND);
            assertThat(onDemand.streamDescriptionSummary().warmThroughput().targetMiBps()).isEqualTo(10);
            assertThat(kinesis.describeAccountSettings(b -> { }).minimumThroughputBillingCommitment().statusAsString())
                    .isEqualTo("ENABLED");

            String iterator = kinesis.getShardIterator(b -> b.streamName("kept").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            GetRecordsResponse parent = kinesis.getRecords(b -> b.shardIterator(iterator));
            assertThat(parent.records()).extracting(r -> r.data().asUtf8String()).containsExactly("in-the-parent");
            assertThat(parent.nextShardIterator()).isNull();
            assertThat(parent.childShards()).hasSize(2);
            assertThat(kinesis.putRecord(b -> b.streamName("kept").partitionKey("p").explicitHashKey("7")
                    .data(SdkBytes.fromByteArray(new byte[1_500_000]))).shardId()).isEqualTo("shardId-000000000002");
        }
    }
}
