package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.testing.FreshetProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code --max-open-files} bounds the server's open segment files however many shards are written
 * and read (as {@code /proc/PID/fd} shows), and no record is lost by closing and reopening them.
 */
@EnabledOnOs(OS.LINUX)
class OpenFileBudgetTest {

    private static final int BUDGET = 4;
    private static final int SHARDS = 40;

    @TempDir
    Path dataDir;

    @Test
    void aServerWritingAndReadingManyShardsKeepsNoMoreSegmentFilesOpenThanItsBudget() throws Exception {
        try (FreshetProcess server = FreshetProcess.start(dataDir, "--create-stream-delay", "0",
                "--max-open-files", Integer.toString(BUDGET));
                KinesisClient kinesis = Clients.sync(server.endpoint(), null)) {
            kinesis.createStream(b -> b.streamName("wide").shardCount(SHARDS));
            Waits.streamActive(kinesis, "wide");
            List<Shard> shards = kinesis.listShards(b -> b.streamName("wide")).shards();
            Set<String> written = new HashSet<>();
            for (int round = 0; round < 3; round++) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (Shard shard : shards) {
                    String data = shard.shardId() + "/" + round;
                    written.add(data);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k")
                            .explicitHashKey(shard.hashKeyRange().startingHashKey())
                            .data(SdkBytes.fromUtf8String(data)).build());
                }
                assertThat(kinesis.putRecords(b -> b.streamName("wide").records(entries)).failedRecordCount())
                        .isZero();
                assertThat(openSegmentFiles(server.pid())).as("segment files open after round %d", round)
                        .hasSizeLessThanOrEqualTo(BUDGET);
            }
            Set<String> read = new HashSet<>();
            for (Shard shard : shards) {
                String iterator = kinesis.getShardIterator(b -> b.streamName("wide").shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                for (Record record : kinesis.getRecords(b -> b.shardIterator(iterator)).records()) {
                    read.add(record.data().asUtf8String());
                }
                assertThat(openSegmentFiles(server.pid())).as("segment files open after reading %s", shard.shardId())
                        .hasSizeLessThanOrEqualTo(BUDGET);
            }
            assertThat(read).isEqualTo(written);
        }
    }

    /** Segment files of the data directory the process holds open (not its lock file). */
    private List<String> openSegmentFiles(long pid) throws IOException {
        Path logs = dataDir.resolve("logs").toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(OpenFileBudgetTest::target).filter(target -> target.startsWith(logs.toString()))
                    .filter(target -> target.endsWith(".log")).toList();
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException gone) {
            return ""; // closed between listing and reading: not open
        }
    }
}
