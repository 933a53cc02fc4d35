package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.server.FreshetServer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A consumer that follows shard lineage as the KCL does (a child is read only once all its parents
 * are read to their end) reads a stream while three producers write to it and it is split, merged
 * and rescaled several times: every acknowledged record arrives exactly once, and each partition
 * key's records arrive in the order they were put.
 */
class ReshardingConsumerTest {

    private static final String STREAM = "lineage";
    private static final int WRITERS = 3;
    private static final int BATCHES = 60;
    private static final int KEYS_PER_WRITER = 8;
    private static FreshetServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory("--update-stream-delay", "200ms");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_lineage_following_consumer_gets_every_record_once_in_key_order_through_reshards() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try (KinesisClient kinesis = Clients.sync(server.endpoint(), null)) {
            kinesis.createStream(b -> b.streamName(STREAM).shardCount(2));
            Map<String, List<Long>> written = new HashMap<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<Map<String, List<Long>>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(kinesis, writer)));
            }
            Future<Map<String, List<Long>>> consumer = pool.submit(() -> consume(kinesis, writing));
            Future<?> resharder = pool.submit(() -> {
                reshard(kinesis);
                return null;
            });
            resharder.get(120, TimeUnit.SECONDS);
            for (Future<Map<String, List<Long>>> writer : writers) {
                written.putAll(writer.get(120, TimeUnit.SECONDS));
            }
            writing.set(false);
            Map<String, List<Long>> read = consumer.get(120, TimeUnit.SECONDS);

            assertThat(written.values().stream().mapToInt(List::size).sum())
                    .isEqualTo(WRITERS * BATCHES * KEYS_PER_WRITER);
            assertThat(read).isEqualTo(written);
            assertThat(kinesis.listShards(b -> b.streamName(STREAM)).shards().size()).isGreaterThan(8);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each writer owns its keys and puts them in batches; a key's numbers grow in put order. */
    private static Map<String, List<Long>> write(KinesisClient kinesis, int writer) {
        Map<String, List<Long>> written = new LinkedHashMap<>();
        long next = 0;
        for (int batch = 0; batch < BATCHES; batch++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < KEYS_PER_WRITER; k++) {
                String key = "w" + writer + "-k" + k;
                long value = next++;
                keys.add(key);
                entries.add(PutRecordsRequestEntry.builder().partitionKey(key)
                        .data(SdkBytes.fromByteArray(ByteBuffer.allocate(8).putLong(value).array())).build());
            }
            PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(STREAM).records(entries));
            assertThat(response.failedRecordCount()).isZero();
            for (int k = 0; k < KEYS_PER_WRITER; k++) {
                written.computeIfAbsent(keys.get(k), key -> new ArrayList<>())
                        .add(ByteBuffer.wrap(entries.get(k).data().asByteArray()).getLong());
            }
        }
        return written;
    }

    private static void reshard(KinesisClient kinesis) throws Exception {
        Shard first = kinesis.listShards(b -> b.streamName(STREAM)).shards().get(0);
        String middle = new BigInteger(first.hashKeyRange().endingHashKey()).shiftRight(1).toString();
        kinesis.splitShard(b -> b.streamName(STREAM).shardToSplit(first.shardId()).newStartingHashKey(middle));
        Waits.streamActive(kinesis, STREAM);
        List<Shard> open = kinesis.listShards(b -> b.streamName(STREAM)
                .shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards();
        Shard lower = open.stream().filter(s -> s.hashKeyRange().startingHashKey().equals(middle)).findFirst()
                .orElseThrow();
        Shard upper = open.stream().filter(s -> new BigInteger(s.hashKeyRange().startingHashKey())
                .equals(new BigInteger(lower.hashKeyRange().endingHashKey()).add(BigInteger.ONE))).findFirst()
                .orElseThrow();
        kinesis.mergeShards(b -> b.streamName(STREAM).shardToMerge(lower.shardId())
                .adjacentShardToMerge(upper.shardId()));
        Waits.streamActive(kinesis, STREAM);
        for (int target : new int[] {4, 5, 3}) {
            kinesis.updateShardCount(b -> b.streamName(STREAM).targetShardCount(target)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            Waits.streamActive(kinesis, STREAM);
        }
    }

    /**
     * Reads like the KCL: starts at TRIM_HORIZON of the shards without parents, reads each shard to
     * its end, and starts a child once every parent is finished. Stops once writing has stopped and
     * every open shard has been read up to its tip. Bounded by a call budget.
     */
    private static Map<String, List<Long>> consume(KinesisClient kinesis, AtomicBoolean writing) {
        Map<String, List<Long>> read = new HashMap<>();
        Map<String, String> iterators = new LinkedHashMap<>();
        Set<String> finished = new HashSet<>();
        Map<String, List<String>> waiting = new HashMap<>();
        List<Shard> shards = kinesis.listShards(b -> b.streamName(STREAM)).shards();
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        for (Shard shard : shards) {
            if (listed.contains(shard.parentShardId()) || listed.contains(shard.adjacentParentShardId())) {
                continue; // reached through its parents' ChildShards
            }
            iterators.put(shard.shardId(), kinesis.getShardIterator(b -> b.streamName(STREAM)
                    .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        boolean drainedAfterWriting = false;
        for (int round = 0; round < 20_000 && !drainedAfterWriting; round++) {
            boolean stopped = !writing.get();
            boolean allAtTip = true;
            for (String shardId : List.copyOf(iterators.keySet())) {
                GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(iterators.get(shardId)));
                for (Record record : response.records()) {
                    read.computeIfAbsent(record.partitionKey(), key -> new ArrayList<>())
                            .add(ByteBuffer.wrap(record.data().asByteArray()).getLong());
                }
                if (response.nextShardIterator() == null) {
                    iterators.remove(shardId);
                    finished.add(shardId);
                    for (ChildShard child : response.childShards()) {
                        waiting.putIfAbsent(child.shardId(), child.parentShards());
                    }
                } else {
                    iterators.put(shardId, response.nextShardIterator());
                    allAtTip &= response.records().isEmpty() && response.millisBehindLatest() == 0;
                }
            }
            for (Map.Entry<String, List<String>> child : List.copyOf(waiting.entrySet())) {
                if (finished.containsAll(child.getValue())) {
                    waiting.remove(child.getKey());
                    iterators.put(child.getKey(), kinesis.getShardIterator(b -> b.streamName(STREAM)
                            .shardId(child.getKey()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                            .shardIterator());
                    allAtTip = false;
                }
            }
            drainedAfterWriting = stopped && allAtTip && waiting.isEmpty();
        }
        return read;
    }
}
