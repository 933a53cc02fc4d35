package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsRequestEntry;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.PutRecordsResultEntry;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamMode;
import dev.freshet.storage.Append;
import dev.freshet.storage.LogStorage;
import dev.freshet.storage.NewRecord;
import dev.freshet.storage.ReadBatch;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** PutRecords over a storage whose appends to some shards fail or are never made durable. */
class RecordWriterTest {

    private static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void recordsAreGroupedByShardInRequestOrderWhetherCountedOrSorted() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        java.util.Random random = new java.util.Random(seed);
        for (int trial = 0; trial < 500; trial++) {
            int records = 1 + random.nextInt(500);
            // From one shard to far more shards than records: both ways of grouping, and the edge between.
            int openCount = trial % 3 == 0 ? 1 + random.nextInt(8) : 1 + random.nextInt(records * 8);
            int[] positions = new int[records];
            for (int i = 0; i < records; i++) {
                positions[i] = random.nextInt(openCount);
            }

            long[] grouped = RecordWriter.groupByPosition(positions, openCount);

            assertThat(grouped).as("seed %d trial %d", seed, trial).hasSize(records);
            Set<Integer> seen = new java.util.HashSet<>();
            for (int g = 0; g < records; g++) {
                int position = (int) (grouped[g] >>> 32);
                int index = (int) grouped[g];
                assertThat(seen.add(index)).as("seed %d: record %d once", seed, index).isTrue();
                assertThat(position).as("seed %d: record %d's shard", seed, index).isEqualTo(positions[index]);
                if (g > 0) {
                    // Ascending packed longs: shard by shard, and request order within a shard.
                    assertThat(grouped[g]).as("seed %d trial %d at %d", seed, trial, g).isGreaterThan(grouped[g - 1]);
                }
            }
        }
    }

    @Test
    void aFailedAppendOrForceFailsExactlyThatShardsRecordsAndTheAnswerWaitsForEveryForce() throws IOException {
        CompletableFuture<Void> forceLater = new CompletableFuture<>();
        // Shard 1's appends throw; shard 2's force has failed already; shard 3's force fails later.
        FaultyStorage storage = new FaultyStorage(ShardMetadata.shardId(1), Map.of(
                ShardMetadata.shardId(2), CompletableFuture.failedFuture(new IOException("force failed")),
                ShardMetadata.shardId(3), forceLater));
        RecordWriter writer = writerOnFourShards(storage);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        List<HashKeys.Range> ranges = HashKeys.split(4);
        for (int i = 0; i < 20; i++) {
            entries.add(new PutRecordsRequestEntry(("v" + i).getBytes(StandardCharsets.UTF_8),
                    ranges.get(i % 4).start().toString(), "k"));
        }

        CompletableFuture<PutRecordsResponse> answer = writer.putRecords(CALLER,
                new PutRecordsRequest(entries, "s", null));
        assertThat(answer).isNotDone();
        forceLater.completeExceptionally(new IOException("force failed"));
        PutRecordsResponse response = answer.join();

        assertThat(response.failedRecordCount()).isEqualTo(15);
        for (int i = 0; i < 20; i++) {
            PutRecordsResultEntry result = response.records().get(i);
            if (i % 4 == 0) {
                assertThat(result.errorCode()).as("record %d", i).isNull();
                assertThat(result.shardId()).isEqualTo(ShardMetadata.shardId(0));
                assertThat(result.sequenceNumber()).isNotNull();
            } else {
                assertThat(result.errorCode()).as("record %d", i).isEqualTo("InternalFailure");
                assertThat(result.shardId()).isNull();
                assertThat(result.sequenceNumber()).isNull();
            }
        }
    }

    private RecordWriter writerOnFourShards(LogStorage storage) throws IOException {
        StreamRegistry registry = new StreamRegistry(new MemoryMetadataStore(), storage,
                new Lifecycle(Duration.ZERO, Duration.ZERO, Duration.ZERO), clock);
        List<ShardMetadata> shards = new ArrayList<>();
        List<HashKeys.Range> ranges = HashKeys.split(4);
        for (int i = 0; i < 4; i++) {
            shards.add(new ShardMetadata(i, null, null, ranges.get(i).start(), ranges.get(i).end(), clock.millis(),
                    null, null));
        }
        registry.create(StreamMetadata.created("aaaaaaaaaaaaaaaaaaaa-aaa", CALLER.accountId(), CALLER.region(), "s",
                clock.millis(), 24, StreamMode.PROVISIONED, shards, StreamSettings.defaults()), 500);
        return new RecordWriter(registry, clock, new OnDemandScaler(registry, clock, OnDemandScaling.defaults(), 500));
    }

    /**
     * Logs in memory, except that appends to the shard {@code failingAppends} throw, and appends to the
     * shards of {@code forces} are stored but answer that shard's future as their durability.
     */
    private static final class FaultyStorage extends ForwardingLogStorage {
        private final String failingAppends;
        private final Map<String, CompletableFuture<Void>> forces;

        FaultyStorage(String failingAppends, Map<String, CompletableFuture<Void>> forces) {
            super(LogStorage.inMemory());
            this.failingAppends = failingAppends;
            this.forces = forces;
        }

        @Override
        public ShardLog open(String name) throws IOException {
            String shardId = name.substring(name.lastIndexOf('/') + 1);
            ShardLog log = super.open(name);
            if (shardId.equals(failingAppends)) {
                return new FaultyLog(log, null);
            }
            return forces.containsKey(shardId) ? new FaultyLog(log, forces.get(shardId)) : log;
        }
    }

    /** A log whose appends throw if {@code durable} is null, else are stored and answer {@code durable}. */
    private record FaultyLog(ShardLog log, CompletableFuture<Void> durable) implements ShardLog {

        @Override
        public Append append(List<NewRecord> records, long arrivalMillis) throws IOException {
            if (durable == null) {
                throw new IOException("append failed");
            }
            return new Append(log.append(records, arrivalMillis).firstOffset(), durable);
        }

        @Override
        public ReadBatch read(long fromOffset, int maxRecords, long maxBytes) throws IOException {
            return log.read(fromOffset, maxRecords, maxBytes);
        }

        @Override
        public long startOffset() {
            return log.startOffset();
        }

        @Override
        public long endOffset() {
            return log.endOffset();
        }

        @Override
        public long offsetAtOrAfter(long timestampMillis) throws IOException {
            return log.offsetAtOrAfter(timestampMillis);
        }

        @Override
        public void deleteBefore(long cutoffMillis) throws IOException {
            log.deleteBefore(cutoffMillis);
        }

        @Override
        public long sizeInBytes() {
            return log.sizeInBytes();
        }

        @Override
        public void close() {
            log.close();
        }
    }
}
