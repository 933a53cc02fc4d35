package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.ChildShard;
import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.ListShardsRequest;
import dev.freshet.api.MergeShardsRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.ScalingType;
import dev.freshet.api.Shard;
import dev.freshet.api.ShardFilter;
import dev.freshet.api.ShardFilterType;
import dev.freshet.api.ShardIteratorType;
import dev.freshet.api.SplitShardRequest;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.UpdateShardCountRequest;
import dev.freshet.api.UpdateShardCountResponse;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SplitShard, MergeShards and UpdateShardCount on the engine, driven by an injected clock. */
class ReshardingTest {

    private static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final String MAX = HashKeys.MAX.toString();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<StreamEngine> engines = new ArrayList<>();

    @TempDir
    Path dataDir;

    @AfterEach
    void closeEngines() {
        engines.forEach(StreamEngine::close);
    }

    private StreamEngine engine(Path dir, int shardLimit) throws IOException {
        StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withDataDir(dir).withClock(clock)
                .withDelays(DELAY, DELAY, DELAY).withShardLimit(shardLimit).withSegmentBytes(4096));
        engines.add(engine);
        return engine;
    }

    private StreamEngine engineWithStream(String name, int shards) throws IOException {
        StreamEngine engine = engine(null, 500);
        create(engine, name, shards);
        return engine;
    }

    private void create(StreamEngine engine, String name, int shards) {
        engine.createStream(CALLER, new CreateStreamRequest(name, shards, null, null, null, null));
        clock.advance(DELAY);
    }

    /** Splits, then waits for ACTIVE the way a client does: by looking at the stream. */
    private void split(StreamEngine engine, String stream, String shard, String key) {
        engine.splitShard(CALLER, new SplitShardRequest(stream, shard, key, null));
        clock.advance(DELAY);
        assertThat(status(engine, stream)).isEqualTo(StreamStatus.ACTIVE);
    }

    private void merge(StreamEngine engine, String stream, String lower, String upper) {
        engine.mergeShards(CALLER, new MergeShardsRequest(stream, lower, upper, null));
        clock.advance(DELAY);
        assertThat(status(engine, stream)).isEqualTo(StreamStatus.ACTIVE);
    }

    private static UpdateShardCountResponse scale(StreamEngine engine, String stream, int target) {
        return engine.updateShardCount(CALLER,
                new UpdateShardCountRequest(stream, target, ScalingType.UNIFORM_SCALING, null));
    }

    private static List<Shard> shards(StreamEngine engine, String stream) {
        return engine.describeStream(CALLER, new DescribeStreamRequest(stream, null, null, null))
                .streamDescription().shards();
    }

    /** The open shards by starting hash key. */
    private static List<Shard> open(StreamEngine engine, String stream) {
        return shards(engine, stream).stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                .sorted(java.util.Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey())))
                .toList();
    }

    private static StreamStatus status(StreamEngine engine, String stream) {
        return engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest(stream, null))
                .streamDescriptionSummary().streamStatus();
    }

    private static PutRecordResponse put(StreamEngine engine, String stream, String hashKey, String data) {
        return engine.putRecord(CALLER, new PutRecordRequest(stream, data.getBytes(StandardCharsets.UTF_8), "pk",
                hashKey, null, null)).join();
    }

    private static GetRecordsResponse readFromStart(StreamEngine engine, String stream, String shard) {
        String iterator = engine.getShardIterator(CALLER, new GetShardIteratorRequest(stream, shard,
                ShardIteratorType.TRIM_HORIZON, null, null, null)).shardIterator();
        return engine.getRecords(CALLER, new GetRecordsRequest(iterator, null, null));
    }

    private static List<String> data(GetRecordsResponse response) {
        return response.records().stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void a_split_takes_effect_when_the_stream_stops_updating_and_children_carry_their_parent() throws IOException {
        StreamEngine engine = engineWithStream("s", 1);
        put(engine, "s", "1", "before");

        engine.splitShard(CALLER, new SplitShardRequest("s", "shardId-000000000000", "2", null));

        assertThat(status(engine, "s")).isEqualTo(StreamStatus.UPDATING);
        assertThat(shards(engine, "s")).extracting(Shard::shardId).containsExactly("shardId-000000000000");
        assertThat(put(engine, "s", "1", "during").shardId()).isEqualTo("shardId-000000000000");
        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("s", "shard-0", "2", null)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessage("Stream s under account 123456789012 not ACTIVE, instead in state UPDATING");

        clock.advance(DELAY);

        assertThat(status(engine, "s")).isEqualTo(StreamStatus.ACTIVE);
        List<Shard> shards = shards(engine, "s");
        assertThat(shards).extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(shards.get(1).parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(shards.get(1).adjacentParentShardId()).isNull();
        assertThat(shards.get(1).hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(shards.get(1).hashKeyRange().endingHashKey()).isEqualTo("1");
        assertThat(shards.get(2).hashKeyRange().startingHashKey()).isEqualTo("2");
        assertThat(shards.get(2).hashKeyRange().endingHashKey()).isEqualTo(MAX);
        String parentEnd = shards.get(0).sequenceNumberRange().endingSequenceNumber();
        assertThat(parentEnd).isNotNull();
        assertThat(shards.get(1).sequenceNumberRange().startingSequenceNumber()).isGreaterThan(parentEnd);
        assertThat(put(engine, "s", "1", "after").shardId()).isEqualTo("shardId-000000000001");
        assertThat(put(engine, "s", "2", "upper").shardId()).isEqualTo("shardId-000000000002");
    }

    @Test
    void a_closed_shard_returns_its_records_then_no_iterator_and_its_children() throws IOException {
        StreamEngine engine = engineWithStream("s", 1);
        String last = put(engine, "s", "5", "a").sequenceNumber();
        last = put(engine, "s", "7", "b").sequenceNumber();
        split(engine, "s", "shardId-000000000000", "100");

        GetRecordsResponse response = readFromStart(engine, "s", "shardId-000000000000");

        assertThat(data(response)).containsExactly("a", "b");
        assertThat(response.nextShardIterator()).isNull();
        assertThat(response.childShards()).extracting(ChildShard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThat(response.childShards().get(0).parentShards()).containsExactly("shardId-000000000000");
        assertThat(response.childShards().get(1).hashKeyRange().startingHashKey()).isEqualTo("100");
        assertThat(shards(engine, "s").get(0).sequenceNumberRange().endingSequenceNumber()).isEqualTo(last);
        GetRecordsResponse atEnd = engine.getRecords(CALLER, new GetRecordsRequest(engine.getShardIterator(CALLER,
                new GetShardIteratorRequest("s", "shardId-000000000000", ShardIteratorType.LATEST, null, null, null))
                .shardIterator(), null, null));
        assertThat(atEnd.records()).isEmpty();
        assertThat(atEnd.nextShardIterator()).isNull();
        assertThat(atEnd.childShards()).hasSize(2);
    }

    @Test
    void a_merge_closes_both_parents_and_the_child_names_the_adjacent_one() throws IOException {
        StreamEngine engine = engineWithStream("s", 3);
        put(engine, "s", "0", "low");

        merge(engine, "s", "shardId-000000000000", "shardId-000000000001");

        List<Shard> shards = shards(engine, "s");
        assertThat(shards).hasSize(4);
        Shard child = shards.get(3);
        assertThat(child.shardId()).isEqualTo("shardId-000000000003");
        assertThat(child.parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(child.adjacentParentShardId()).isEqualTo("shardId-000000000001");
        assertThat(child.hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(child.hashKeyRange().endingHashKey()).isEqualTo(shards.get(1).hashKeyRange().endingHashKey());
        assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(shards.get(1).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        GetRecordsResponse second = readFromStart(engine, "s", "shardId-000000000001");
        assertThat(second.childShards()).singleElement().satisfies(c -> assertThat(c.parentShards())
                .containsExactly("shardId-000000000000", "shardId-000000000001"));
        assertThat(put(engine, "s", "0", "merged").shardId()).isEqualTo("shardId-000000000003");
    }

    @Test
    void invalid_splits_and_merges_get_the_aws_errors() throws IOException {
        StreamEngine engine = engineWithStream("s", 3);
        String end0 = "113427455640312821154458202477256070484";

        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("s", "shard-0", "1", null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s "
                        + "under account 123456789012 is not both greater than one plus the shard's StartingHashKey 0 "
                        + "and less than the shard's EndingHashKey " + end0 + ".");
        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("s", "shard-0", end0, null)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("s", "shardId-5", "9", null)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Could not find shard shardId-000000000005 in stream s under account 123456789012.");
        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("nope", "ABKLFD8", "9", null)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Could not find shard ABKLFD8 in stream nope under account 123456789012.");
        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("nope", "shard-0", "9", null)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream nope under account 123456789012 not found.");
        assertThatThrownBy(() -> engine.mergeShards(CALLER, new MergeShardsRequest("s", "x-0", "x-2", null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Shards shardId-000000000000 and shardId-000000000002 in stream s under account "
                        + "123456789012 are not an adjacent pair of shards eligible for merging");
        assertThatThrownBy(() -> engine.mergeShards(CALLER, new MergeShardsRequest("s", "x-1", "x-0", null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("are not an adjacent pair of shards eligible for merging");

        merge(engine, "s", "shardId-000000000000", "shardId-000000000001");

        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("s", "shard-0", "9", null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Shard shardId-000000000000 in stream s under account 123456789012 has already been "
                        + "merged or split, and thus is not eligible for merging or splitting.");
    }

    @Test
    void update_shard_count_keeps_to_the_aws_bounds() throws IOException {
        StreamEngine engine = engine(null, 20);
        create(engine, "s", 6);
        create(engine, "other", 2);

        assertThatThrownBy(() -> scale(engine, "s", 13))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("UpdateShardCount cannot scale up over double your current open shard count. "
                        + "Current open shard count: 6, Target shard count: 13");
        assertThatThrownBy(() -> scale(engine, "s", 2))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("UpdateShardCount cannot scale down below half your current open shard count. "
                        + "Current open shard count: 6, Target shard count: 2");
        assertThatThrownBy(() -> scale(engine, "s", 19))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("Target shard count or number of open shards cannot be greater than 20. "
                        + "Current open shard count: 6, Target shard count: 19");
        assertThatThrownBy(() -> engine.splitShard(CALLER, new SplitShardRequest("nope", "shard-0", "9", null)))
                .isInstanceOf(ResourceNotFoundException.class);
        for (int i = 0; i < Resharding.SCALINGS_PER_DAY; i++) {
            scale(engine, "s", i % 2 == 0 ? 3 : 6);
            clock.advance(DELAY);
        }
        assertThatThrownBy(() -> scale(engine, "s", 3)).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("24-hour");
        clock.advance(Duration.ofDays(1));
        assertThat(scale(engine, "s", 3).currentShardCount()).isEqualTo(6);
    }

    @Test
    void doubling_splits_every_shard_once_and_halving_merges_each_pair_once() throws IOException {
        StreamEngine engine = engineWithStream("up", 2);
        UpdateShardCountResponse response = scale(engine, "up", 4);
        assertThat(response.currentShardCount()).isEqualTo(2);
        assertThat(response.targetShardCount()).isEqualTo(4);
        assertThat(response.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/up");
        assertThat(status(engine, "up")).isEqualTo(StreamStatus.UPDATING);
        assertThat(shards(engine, "up")).hasSize(2);
        clock.advance(DELAY);
        assertThat(shards(engine, "up")).hasSize(6);
        assertThat(open(engine, "up")).hasSize(4);

        create(engine, "down", 4);
        scale(engine, "down", 2);
        clock.advance(DELAY);
        assertThat(shards(engine, "down")).hasSize(6);
        assertThat(open(engine, "down")).extracting(s -> s.hashKeyRange().startingHashKey())
                .containsExactly("0", HashKeys.split(2).get(1).start().toString());
    }

    @Test
    void uneven_scaling_ends_with_the_uniform_ranges_and_no_sliver_shards() throws IOException {
        StreamEngine engine = engineWithStream("s", 4);
        scale(engine, "s", 6);
        clock.advance(DELAY);

        List<Shard> open = open(engine, "s");
        assertThat(open).hasSize(6);
        List<HashKeys.Range> uniform = HashKeys.split(6);
        for (int i = 0; i < 6; i++) {
            BigInteger start = new BigInteger(open.get(i).hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(open.get(i).hashKeyRange().endingHashKey());
            assertThat(start.subtract(uniform.get(i).start()).abs()).isLessThanOrEqualTo(BigInteger.TEN);
            assertThat(end.subtract(start)).isGreaterThan(HashKeys.SPACE.shiftRight(4));
        }
        for (Shard shard : shards(engine, "s")) {
            BigInteger width = new BigInteger(shard.hashKeyRange().endingHashKey())
                    .subtract(new BigInteger(shard.hashKeyRange().startingHashKey()));
            assertThat(width).as(shard.shardId()).isGreaterThan(HashKeys.SPACE.shiftRight(5));
        }
    }

    @Test
    void list_shards_filters_answer_as_aws_after_a_split_and_a_merge() throws IOException {
        StreamEngine engine = engineWithStream("s", 2);
        Instant beforeSplit = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        split(engine, "s", "shardId-000000000000", "1000");
        Instant afterSplit = clock.instant().plusMillis(1);
        clock.advance(Duration.ofMinutes(1));
        merge(engine, "s", "shardId-000000000003", "shardId-000000000001");

        assertThat(list(engine, null)).containsExactly(0, 1, 2, 3, 4);
        assertThat(list(engine, new ShardFilter(ShardFilterType.AT_LATEST, null, null))).containsExactly(2, 4);
        assertThat(list(engine, new ShardFilter(ShardFilterType.AT_TRIM_HORIZON, null, null)))
                .containsExactly(0, 1);
        assertThat(list(engine, new ShardFilter(ShardFilterType.FROM_TRIM_HORIZON, null, null)))
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(list(engine, new ShardFilter(ShardFilterType.AT_TIMESTAMP, null, beforeSplit)))
                .containsExactly(0, 1);
        assertThat(list(engine, new ShardFilter(ShardFilterType.AT_TIMESTAMP, null, afterSplit)))
                .containsExactly(1, 2, 3);
        assertThat(list(engine, new ShardFilter(ShardFilterType.FROM_TIMESTAMP, null, afterSplit)))
                .containsExactly(1, 2, 3, 4);
        assertThat(list(engine, new ShardFilter(ShardFilterType.AFTER_SHARD_ID, "shardId-000000000002", null)))
                .containsExactly(3, 4);
    }

    private static List<Integer> list(StreamEngine engine, ShardFilter filter) {
        return engine.listShards(CALLER, new ListShardsRequest("s", null, null, null, null, filter, null))
                .shards().stream().map(s -> (int) ShardMetadata.parseIndex(s.shardId())).toList();
    }

    @Test
    void closed_shards_vanish_once_retention_has_passed_and_their_logs_are_deleted() throws IOException {
        StreamEngine engine = engine(dataDir, 500);
        create(engine, "s", 1);
        put(engine, "s", "5", "old");
        split(engine, "s", "shardId-000000000000", "100");
        Path parentLog = dataDir.resolve("logs");

        clock.advance(Duration.ofHours(24).plusSeconds(1));
        engine.runMaintenance();

        assertThat(shards(engine, "s")).extracting(Shard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(parentLog)) {
            assertThat(files.map(Path::toString).filter(p -> p.endsWith("shardId-000000000000")).toList()).isEmpty();
        }
        assertThatThrownBy(() -> readFromStart(engine, "s", "shardId-000000000000"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(put(engine, "s", "5", "new").shardId()).isEqualTo("shardId-000000000001");
    }

    @Test
    void a_producer_ordering_by_sequence_number_keeps_strictly_increasing_numbers_through_reshards()
            throws IOException {
        StreamEngine engine = engineWithStream("s", 2);
        String previous = null;
        List<String> numbers = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 5; i++) {
                PutRecordResponse response = engine.putRecord(CALLER, new PutRecordRequest("s",
                        new byte[] {(byte) i}, "the-key", null, previous, null)).join();
                previous = response.sequenceNumber();
                numbers.add(previous);
            }
            if (round % 2 == 0) {
                scale(engine, "s", round == 4 ? 3 : 4);
            } else {
                scale(engine, "s", 2);
            }
            clock.advance(DELAY);
        }
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(new BigInteger(numbers.get(i))).isGreaterThan(new BigInteger(numbers.get(i - 1)));
        }
    }

    @Test
    void shards_lineage_and_a_pending_reshard_survive_a_restart() throws IOException {
        StreamEngine first = engine(dataDir, 500);
        create(first, "s", 1);
        put(first, "s", "5", "parent-record");
        split(first, "s", "shardId-000000000000", "100");
        put(first, "s", "5", "child-record");
        first.mergeShards(CALLER, new MergeShardsRequest("s", "shardId-000000000001", "shardId-000000000002", null));
        List<Shard> before = shards(first, "s");
        first.close();

        StreamEngine second = engine(dataDir, 500);
        assertThat(status(second, "s")).isEqualTo(StreamStatus.UPDATING);
        assertThat(shards(second, "s")).isEqualTo(before);
        clock.advance(DELAY);
        List<Shard> after = shards(second, "s");
        assertThat(after).hasSize(4);
        assertThat(after.get(3).parentShardId()).isEqualTo("shardId-000000000001");
        assertThat(after.get(3).adjacentParentShardId()).isEqualTo("shardId-000000000002");
        assertThat(data(readFromStart(second, "s", "shardId-000000000000"))).containsExactly("parent-record");
        GetRecordsResponse child = readFromStart(second, "s", "shardId-000000000001");
        assertThat(data(child)).containsExactly("child-record");
        assertThat(child.nextShardIterator()).isNull();
        assertThat(put(second, "s", "5", "grandchild").shardId()).isEqualTo("shardId-000000000003");
    }
}
