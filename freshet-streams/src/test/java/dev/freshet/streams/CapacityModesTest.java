package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DescribeLimitsResponse;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.Empty;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsRequestEntry;
import dev.freshet.api.RequestContext;
import dev.freshet.api.ScalingType;
import dev.freshet.api.Shard;
import dev.freshet.api.SplitShardRequest;
import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamModeDetails;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.UpdateShardCountRequest;
import dev.freshet.api.UpdateStreamModeRequest;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ValidationException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capacity modes, account limits and on-demand scaling, driven by an injected clock. */
class CapacityModesTest {

    private static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<StreamEngine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(StreamEngine::close);
    }

    private StreamEngine engine(int onDemandStreamLimit) throws IOException {
        return engine(onDemandStreamLimit, 40);
    }

    private StreamEngine engine(int onDemandStreamLimit, int shardLimit) throws IOException {
        StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withClock(clock)
                .withDelays(DELAY, DELAY, DELAY).withShardLimit(shardLimit)
                .withOnDemand(onDemandStreamLimit, new OnDemandScaling(WINDOW, 1000, 100)));
        engines.add(engine);
        return engine;
    }

    private void create(StreamEngine engine, String name, Integer shards, StreamMode mode) {
        engine.createStream(CALLER, new CreateStreamRequest(name, shards,
                mode == null ? null : new StreamModeDetails(mode), null, null, null));
        clock.advance(DELAY);
    }

    private static void switchMode(StreamEngine engine, String name, StreamMode mode) {
        engine.updateStreamMode(CALLER, new UpdateStreamModeRequest(ARN + name, new StreamModeDetails(mode), null));
    }

    private static StreamStatus status(StreamEngine engine, String name) {
        return engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest(name, null))
                .streamDescriptionSummary().streamStatus();
    }

    private static StreamMode mode(StreamEngine engine, String name) {
        return engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest(name, null))
                .streamDescriptionSummary().streamModeDetails().streamMode();
    }

    private static List<Shard> open(StreamEngine engine, String name) {
        return engine.describeStream(CALLER, new DescribeStreamRequest(name, null, null, null)).streamDescription()
                .shards().stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).toList();
    }

    @Test
    void a_stream_switches_mode_updating_meanwhile_at_most_twice_a_day() throws IOException {
        StreamEngine engine = engine(50);
        create(engine, "s", 2, null);

        switchMode(engine, "s", StreamMode.ON_DEMAND);

        assertThat(status(engine, "s")).isEqualTo(StreamStatus.UPDATING);
        assertThat(mode(engine, "s")).isEqualTo(StreamMode.ON_DEMAND);
        assertThatThrownBy(() -> switchMode(engine, "s", StreamMode.PROVISIONED))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessage("Stream s under account 123456789012 not ACTIVE, instead in state UPDATING");
        clock.advance(DELAY);
        assertThat(open(engine, "s")).hasSize(2);
        assertThatThrownBy(() -> switchMode(engine, "s", StreamMode.ON_DEMAND))
                .isInstanceOf(InvalidArgumentException.class);
        switchMode(engine, "s", StreamMode.PROVISIONED);
        clock.advance(DELAY);
        assertThatThrownBy(() -> switchMode(engine, "s", StreamMode.ON_DEMAND))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("2 times", "24 hours");
        clock.advance(Duration.ofDays(1));
        switchMode(engine, "s", StreamMode.ON_DEMAND);
        assertThat(mode(engine, "s")).isEqualTo(StreamMode.ON_DEMAND);
    }

    @Test
    void on_demand_streams_start_with_four_shards_and_refuse_manual_resharding() throws IOException {
        StreamEngine engine = engine(50);
        create(engine, "od", null, StreamMode.ON_DEMAND);

        assertThat(open(engine, "od")).hasSize(OnDemandScaling.MINIMUM_SHARDS);
        assertThatThrownBy(() -> engine.updateShardCount(CALLER,
                new UpdateShardCountRequest("od", 5, ScalingType.UNIFORM_SCALING, null)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("UpdateShardCount", "ON_DEMAND");
        assertThatThrownBy(() -> engine.splitShard(CALLER,
                new SplitShardRequest("od", "shardId-000000000000", "12345", null)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void describe_limits_counts_open_shards_and_on_demand_streams_against_the_limits() throws IOException {
        StreamEngine engine = engine(1);
        create(engine, "p", 3, null);
        create(engine, "od", null, StreamMode.ON_DEMAND);

        DescribeLimitsResponse limits = engine.describeLimits(CALLER, new Empty());

        assertThat(limits.shardLimit()).isEqualTo(40);
        assertThat(limits.openShardCount()).isEqualTo(7);
        assertThat(limits.onDemandStreamCount()).isEqualTo(1);
        assertThat(limits.onDemandStreamCountLimit()).isEqualTo(1);
        assertThatThrownBy(() -> create(engine, "od2", null, StreamMode.ON_DEMAND))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("on-demand stream count limit", "Limit: 1");
        assertThatThrownBy(() -> switchMode(engine, "p", StreamMode.ON_DEMAND))
                .isInstanceOf(LimitExceededException.class);
        assertThat(engine.describeLimits(new RequestContext("210987654321", "us-east-1"), new Empty())
                .openShardCount()).isZero();
    }

    @Test
    void more_than_five_streams_creating_at_once_are_refused() throws IOException {
        StreamEngine engine = engine(50);
        for (int i = 0; i < StreamRegistry.MAX_CREATING; i++) {
            engine.createStream(CALLER, new CreateStreamRequest("c" + i, 1, null, null, null, null));
        }
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("c5", 1, null, null, null, null)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("CREATING");
        clock.advance(DELAY);
        engine.createStream(CALLER, new CreateStreamRequest("c5", 1, null, null, null, null));
    }

    @Test
    void a_hot_on_demand_shard_splits_and_cold_shards_merge_back_to_four() throws IOException {
        StreamEngine engine = engine(50);
        create(engine, "od", null, StreamMode.ON_DEMAND);
        engine.runOnDemandScaling();
        String hotKey = "1";

        for (int second = 0; second < 10; second++) {
            putToHashKey(engine, hotKey, 2_000);
            clock.advance(Duration.ofSeconds(1));
        }
        engine.runOnDemandScaling();

        List<Shard> afterHot = open(engine, "od");
        assertThat(afterHot).hasSize(5);
        assertThat(afterHot).anySatisfy(shard -> assertThat(shard.parentShardId()).isEqualTo("shardId-000000000000"));
        assertThat(status(engine, "od")).isEqualTo(StreamStatus.ACTIVE);

        clock.advance(WINDOW);
        engine.runOnDemandScaling();
        assertThat(open(engine, "od")).hasSize(4);
        clock.advance(WINDOW);
        engine.runOnDemandScaling();
        assertThat(open(engine, "od")).hasSize(4);
    }

    @Test
    void hot_on_demand_shards_split_only_as_far_as_the_account_shard_limit_allows() throws IOException {
        StreamEngine engine = engine(50, OnDemandScaling.MINIMUM_SHARDS + 1);
        create(engine, "od", null, StreamMode.ON_DEMAND);
        engine.runOnDemandScaling();
        String secondShard = HashKeys.split(OnDemandScaling.MINIMUM_SHARDS).get(1).start().toString();

        for (int second = 0; second < 10; second++) {
            putToHashKey(engine, "1", 2_000);
            putToHashKey(engine, secondShard, 2_000);
            clock.advance(Duration.ofSeconds(1));
        }
        engine.runOnDemandScaling();

        assertThat(open(engine, "od")).hasSize(OnDemandScaling.MINIMUM_SHARDS + 1);
        assertThat(engine.describeLimits(CALLER, new Empty()).openShardCount())
                .isEqualTo(OnDemandScaling.MINIMUM_SHARDS + 1);
    }

    @Test
    void a_provisioned_stream_is_never_rescaled_by_traffic() throws IOException {
        StreamEngine engine = engine(50);
        create(engine, "p", 1, null);
        engine.runOnDemandScaling();
        for (int second = 0; second < 10; second++) {
            putToHashKey(engine, "p", "1", 5_000);
            clock.advance(Duration.ofSeconds(1));
        }
        engine.runOnDemandScaling();
        assertThat(open(engine, "p")).hasSize(1);
    }

    private static void putToHashKey(StreamEngine engine, String hashKey, int bytes) {
        putToHashKey(engine, "od", hashKey, bytes);
    }

    private static void putToHashKey(StreamEngine engine, String stream, String hashKey, int bytes) {
        PutRecordsRequestEntry entry = new PutRecordsRequestEntry(new byte[bytes], new BigInteger(hashKey).toString(),
                "k");
        assertThat(engine.putRecords(CALLER, new PutRecordsRequest(List.of(entry), stream, null)).join()
                .failedRecordCount()).isZero();
    }
}
