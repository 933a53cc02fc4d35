package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.server.FreshetServer;
import dev.freshet.testing.Polling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * An ON_DEMAND stream on a server whose scaling window is one second: a producer drives one shard
 * past the split rate and sees it split, then stops and sees the cold shards merged back to four,
 * and no put fails meanwhile.
 */
class OnDemandScalingTest {

    private static FreshetServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory("--on-demand-window", "1s", "--on-demand-split-rate", "20000",
                "--on-demand-merge-rate", "5000");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_hot_shard_splits_and_cold_shards_merge_back_without_a_failed_put() throws Exception {
        try (KinesisClient kinesis = Clients.sync(server.endpoint(), null)) {
            kinesis.createStream(b -> b.streamName("od").streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
            assertThat(open(kinesis)).hasSize(4);
            List<PutRecordsRequestEntry> hot = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                hot.add(PutRecordsRequestEntry.builder().partitionKey("hot").explicitHashKey("12345")
                        .data(SdkBytes.fromByteArray(new byte[1000])).build());
            }
            int failed = 0;
            int batches = 0;
            // About 100 KB/s into shard 0 until it splits: bounded to a minute.
            for (; batches < 600 && open(kinesis).size() == 4; batches++) {
                failed += kinesis.putRecords(b -> b.streamName("od").records(hot)).failedRecordCount();
                Thread.sleep(100);
            }
            List<Shard> afterSplit = open(kinesis);
            assertThat(afterSplit).hasSizeGreaterThan(4);
            assertThat(afterSplit).anyMatch(shard -> "shardId-000000000000".equals(shard.parentShardId()));

            Polling.until("the cold shards merged back to four", Duration.ofMinutes(1), () -> open(kinesis),
                    shards -> shards.size() == 4);
            assertThat(kinesis.listShards(b -> b.streamName("od")).shards())
                    .anyMatch(shard -> shard.adjacentParentShardId() != null);
            failed += kinesis.putRecords(b -> b.streamName("od").records(hot)).failedRecordCount();
            assertThat(failed).isZero();
        }
    }

    private static List<Shard> open(KinesisClient kinesis) {
        return kinesis.listShards(b -> b.streamName("od").shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                .shards();
    }
}
