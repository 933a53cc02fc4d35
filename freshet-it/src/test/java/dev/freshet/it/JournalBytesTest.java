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
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code --journal-bytes} bounds the write-ahead journal on disk: each time a journal file fills, the
 * segments written since are forced and the older files deleted, and every record stays readable.
 */
class JournalBytesTest {

    private static final int REQUESTS = 16;
    private static final int RECORDS_PER_REQUEST = 500;
    private static final int RECORD_BYTES = 1000;
    /** Several files' worth of appends pass through a 1 MiB journal; a 256 MiB one would keep them all. */
    private static final long BOUND = 3L << 20;
    private static final int CHECKPOINT_POLLS = 600;

    @TempDir
    Path dataDir;

    @Test
    void aSmallJournalIsCheckpointedAndItsOldFilesDeletedAsItFillsAndNoRecordIsLost() throws Exception {
        try (FreshetProcess server = FreshetProcess.start(dataDir, "--create-stream-delay", "0",
                "--journal-bytes", "1m");
                KinesisClient kinesis = Clients.sync(server.endpoint(), null)) {
            kinesis.createStream(b -> b.streamName("journaled").shardCount(2));
            Waits.streamActive(kinesis, "journaled");
            Set<String> written = new HashSet<>();
            String filler = "x".repeat(RECORD_BYTES - 8);
            for (int request = 0; request < REQUESTS; request++) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
                    String data = String.format("%07d ", request * RECORDS_PER_REQUEST + i) + filler;
                    written.add(data);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
                            .data(SdkBytes.fromUtf8String(data)).build());
                }
                assertThat(kinesis.putRecords(b -> b.streamName("journaled").records(entries)).failedRecordCount())
                        .isZero();
            }

            // Checkpoints run on their own thread, after the file that triggers them is full.
            long journal = journalBytes();
            for (int poll = 0; poll < CHECKPOINT_POLLS && journal > BOUND; poll++) {
                Thread.sleep(100);
                journal = journalBytes();
            }
            assertThat(journal).as("bytes in the journal's files after %,d bytes of records",
                    (long) REQUESTS * RECORDS_PER_REQUEST * RECORD_BYTES).isLessThanOrEqualTo(BOUND);
            assertThat(readAll(kinesis)).isEqualTo(written);
        }
    }

    private long journalBytes() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("logs").resolve("~journal"))) {
            long total = 0;
            for (Path file : files.toList()) {
                try {
                    total += Files.size(file);
                } catch (java.nio.file.NoSuchFileException deleted) {
                    // a checkpoint deleted it between listing and measuring
                }
            }
            return total;
        }
    }

    private static Set<String> readAll(KinesisClient kinesis) {
        Set<String> read = new HashSet<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName("journaled")).shards()) {
            String iterator = kinesis.getShardIterator(b -> b.streamName("journaled").shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int page = 0; page < REQUESTS * RECORDS_PER_REQUEST && iterator != null; page++) {
                String from = iterator;
                GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(from));
                for (Record record : response.records()) {
                    read.add(record.data().asUtf8String());
                }
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return read;
    }
}
