package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.MergeShardsRequest;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsRequestEntry;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.ScalingType;
import dev.freshet.api.Shard;
import dev.freshet.api.ShardIteratorType;
import dev.freshet.api.SplitShardRequest;
import dev.freshet.api.StreamRecord;
import dev.freshet.api.UpdateShardCountRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of splits, merges and shard-count updates with puts in between: after every step
 * the open shards cover the hash key space exactly once, and at the end every record is in exactly
 * one shard, the one whose range holds its hash key, and reading parents before children yields each
 * partition key's records in put order. Run with {@code -Dfreshet.seed=N} to replay a failure.
 */
class ReshardingPropertyTest {

    private static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");
    private static final Duration DELAY = Duration.ofMillis(100);

    @Test
    void random_reshards_keep_coverage_and_per_key_order() throws IOException {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        for (int run = 0; run < 5; run++) {
            long runSeed = seed + run;
            try {
                runOnce(runSeed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with -Dfreshet.seed=" + runSeed + ": " + e.getMessage(), e);
            }
        }
    }

    private void runOnce(long seed) throws IOException {
        Random random = new Random(seed);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withClock(clock)
                .withDelays(DELAY, DELAY, DELAY).withShardLimit(64).withSegmentBytes(2048))) {
            engine.createStream(CALLER, new CreateStreamRequest("p", 1 + random.nextInt(4), null, null, null, null));
            clock.advance(DELAY);
            Map<String, List<Long>> putOrder = new HashMap<>();
            long counter = 0;
            int scalings = 0;
            for (int step = 0; step < 40; step++) {
                counter = putSome(engine, random, putOrder, counter);
                // UpdateShardCount is allowed 10 times a day; the rest are splits and merges.
                scalings += reshard(engine, random, scalings < Resharding.SCALINGS_PER_DAY) ? 1 : 0;
                clock.advance(DELAY);
                assertCoverage(openShards(engine));
            }
            counter = putSome(engine, random, putOrder, counter);
            checkReads(engine, putOrder, counter);
        }
    }

    private static long putSome(StreamEngine engine, Random random, Map<String, List<Long>> putOrder, long counter) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        int count = 1 + random.nextInt(20);
        for (int i = 0; i < count; i++) {
            String key = "key-" + random.nextInt(25);
            long id = counter++;
            entries.add(new PutRecordsRequestEntry(ByteBuffer.allocate(8).putLong(id).array(), null, key));
            ids.add(id);
            putOrder.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
        }
        PutRecordsResponse response = engine.putRecords(CALLER, new PutRecordsRequest(entries, "p", null)).join();
        assertThat(response.failedRecordCount()).isZero();
        return counter;
    }

    /** One random split, merge or (if {@code mayScale}) shard-count update; true if it was the last. */
    private static boolean reshard(StreamEngine engine, Random random, boolean mayScale) {
        List<Shard> open = openShards(engine);
        switch (random.nextInt(mayScale ? 3 : 2)) {
            case 0 -> {
                Shard shard = open.get(random.nextInt(open.size()));
                BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
                BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
                BigInteger width = end.subtract(start);
                if (width.compareTo(BigInteger.valueOf(4)) > 0 && open.size() < 32) {
                    BigInteger offset = new BigInteger(width.bitLength(), random).mod(width.subtract(BigInteger.TWO));
                    String key = start.add(BigInteger.TWO).add(offset).toString();
                    engine.splitShard(CALLER, new SplitShardRequest("p", shard.shardId(), key, null));
                }
            }
            case 1 -> {
                if (open.size() > 1) {
                    int i = random.nextInt(open.size() - 1);
                    engine.mergeShards(CALLER, new MergeShardsRequest("p", open.get(i).shardId(),
                            open.get(i + 1).shardId(), null));
                }
            }
            default -> {
                int current = open.size();
                int low = (current + 1) / 2;
                int high = Math.min(2 * current, 32);
                int target = low + random.nextInt(high - low + 1);
                engine.updateShardCount(CALLER,
                        new UpdateShardCountRequest("p", target, ScalingType.UNIFORM_SCALING, null));
                return true;
            }
        }
        return false;
    }

    private static List<Shard> allShards(StreamEngine engine) {
        return engine.describeStream(CALLER, new DescribeStreamRequest("p", 10_000, null, null))
                .streamDescription().shards();
    }

    private static List<Shard> openShards(StreamEngine engine) {
        return allShards(engine).stream()
                .filter(shard -> shard.sequenceNumberRange().endingSequenceNumber() == null)
                .sorted(Comparator.comparing(shard -> new BigInteger(shard.hashKeyRange().startingHashKey())))
                .toList();
    }

    private static void assertCoverage(List<Shard> open) {
        BigInteger next = BigInteger.ZERO;
        for (Shard shard : open) {
            assertThat(new BigInteger(shard.hashKeyRange().startingHashKey())).as(shard.shardId()).isEqualTo(next);
            next = new BigInteger(shard.hashKeyRange().endingHashKey()).add(BigInteger.ONE);
        }
        assertThat(next).isEqualTo(HashKeys.SPACE);
    }

    /** Reads every shard in index order (parents first: a child's index is always greater). */
    private static void checkReads(StreamEngine engine, Map<String, List<Long>> putOrder, long total) {
        Map<String, List<Long>> readOrder = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        List<Shard> shards = allShards(engine);
        Map<String, Shard> byId = new HashMap<>();
        shards.forEach(shard -> byId.put(shard.shardId(), shard));
        for (Shard shard : shards) {
            if (shard.parentShardId() != null) {
                assertThat(ShardMetadata.parseIndex(shard.parentShardId()))
                        .isLessThan(ShardMetadata.parseIndex(shard.shardId()));
            }
            String iterator = engine.getShardIterator(CALLER, new GetShardIteratorRequest("p", shard.shardId(),
                    ShardIteratorType.TRIM_HORIZON, null, null, null)).shardIterator();
            for (int calls = 0; iterator != null && calls < 1000; calls++) {
                GetRecordsResponse response = engine.getRecords(CALLER, new GetRecordsRequest(iterator, null, null));
                for (StreamRecord record : response.records()) {
                    long id = ByteBuffer.wrap(record.data()).getLong();
                    assertThat(seen.add(id)).as("record %d read twice", id).isTrue();
                    BigInteger hashKey = HashKeys.of(record.partitionKey());
                    assertThat(hashKey).as("record %d in %s", id, shard.shardId())
                            .isBetween(new BigInteger(shard.hashKeyRange().startingHashKey()),
                                    new BigInteger(shard.hashKeyRange().endingHashKey()));
                    readOrder.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>()).add(id);
                }
                if (response.records().isEmpty() && response.nextShardIterator() != null) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        assertThat(seen).hasSize((int) total);
        assertThat(readOrder).isEqualTo(putOrder);
    }
}
