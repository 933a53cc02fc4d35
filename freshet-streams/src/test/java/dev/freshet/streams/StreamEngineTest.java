package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DeleteStreamRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.ListShardsRequest;
import dev.freshet.api.ListShardsResponse;
import dev.freshet.api.ListStreamsRequest;
import dev.freshet.api.ListStreamsResponse;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordResponse;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsRequestEntry;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.Shard;
import dev.freshet.api.ShardFilter;
import dev.freshet.api.ShardFilterType;
import dev.freshet.api.ShardIteratorType;
import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamModeDetails;
import dev.freshet.api.StreamRecord;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.errors.AccessDeniedException;
import dev.freshet.api.errors.ExpiredIteratorException;
import dev.freshet.api.errors.ExpiredNextTokenException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.api.errors.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamEngineTest {

    private static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");
    private static final Duration DELAY = Duration.ofMillis(500);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<StreamEngine> engines = new ArrayList<>();

    @TempDir
    Path dataDir;

    @AfterEach
    void closeEngines() {
        engines.forEach(StreamEngine::close);
    }

    private StreamEngine engine(Path dir) throws IOException {
        StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withDataDir(dir).withClock(clock)
                .withDelays(DELAY, DELAY, DELAY).withSegmentBytes(4096));
        engines.add(engine);
        return engine;
    }

    private StreamEngine activeStream(StreamEngine engine, String name, int shards) {
        engine.createStream(CALLER, new CreateStreamRequest(name, shards, null, null, null, null));
        clock.advance(DELAY);
        return engine;
    }

    private static PutRecordResponse put(StreamEngine engine, String stream, String key, String data) {
        return engine.putRecord(CALLER, new PutRecordRequest(stream, data.getBytes(StandardCharsets.UTF_8), key,
                null, null, null)).join();
    }

    private static String iterator(StreamEngine engine, String stream, String shard, ShardIteratorType type,
            String sequenceNumber, Instant timestamp) {
        return engine.getShardIterator(CALLER, new GetShardIteratorRequest(stream, shard, type, sequenceNumber,
                timestamp, null)).shardIterator();
    }

    private static List<String> data(GetRecordsResponse response) {
        return response.records().stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList();
    }

    private static GetRecordsResponse get(StreamEngine engine, String iterator) {
        return engine.getRecords(CALLER, new GetRecordsRequest(iterator, null, null));
    }

    @Test
    void aNewStreamIsCreatingUntilTheCreateDelayPassesThenActive() throws IOException {
        StreamEngine engine = engine(null);
        engine.createStream(CALLER, new CreateStreamRequest("s", 2, null, Map.of("team", "a"), null, null));
        assertThat(summaryStatus(engine, "s")).isEqualTo(StreamStatus.CREATING);
        assertThatThrownBy(() -> put(engine, "s", "k", "x")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream s under account 123456789012 not found.");
        clock.advance(DELAY);
        assertThat(summaryStatus(engine, "s")).isEqualTo(StreamStatus.ACTIVE);
        assertThat(engine.describeStream(CALLER, new DescribeStreamRequest("s", null, null, null))
                .streamDescription().streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/s");
    }

    private static StreamStatus summaryStatus(StreamEngine engine, String name) {
        return engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest(name, null))
                .streamDescriptionSummary().streamStatus();
    }

    @Test
    void creatingAStreamThatExistsFailsWithResourceInUse() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("s", 1, null, null, null, null)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessage("Stream s under account 123456789012 already exists.");
    }

    @Test
    void anOnDemandStreamWithoutShardCountHasFourShards() throws IOException {
        StreamEngine engine = engine(null);
        engine.createStream(CALLER, new CreateStreamRequest("od", null,
                new StreamModeDetails(StreamMode.ON_DEMAND), null, null, null));
        assertThat(engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest("od", null))
                .streamDescriptionSummary().openShardCount()).isEqualTo(4);
    }

    @Test
    void accountsAndRegionsAreSeparateNamespaces() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        RequestContext otherAccount = new RequestContext("210987654321", "us-east-1");
        RequestContext otherRegion = new RequestContext("123456789012", "eu-west-1");
        assertThatThrownBy(() -> engine.describeStream(otherAccount, new DescribeStreamRequest("s", null, null, null)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream s under account 210987654321 not found.");
        engine.createStream(otherRegion, new CreateStreamRequest("s", 3, null, null, null, null));
        assertThat(engine.listStreams(otherRegion, new ListStreamsRequest(null, null, null)).streamNames())
                .containsExactly("s");
        assertThat(engine.describeStream(otherRegion, new DescribeStreamRequest(null, null, null,
                "arn:aws:kinesis:eu-west-1:123456789012:stream/s")).streamDescription().shards()).hasSize(3);
        assertThat(engine.describeStream(CALLER, new DescribeStreamRequest(null, null, null,
                "arn:aws:kinesis:us-east-1:123456789012:stream/s")).streamDescription().shards()).hasSize(1);
    }

    @Test
    void anArnOfAnotherAccountIsDeniedAndOneOfAnotherRegionNamesNoStream() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        RequestContext stranger = new RequestContext("210987654321", "us-east-1");
        String arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
        assertThatThrownBy(() -> engine.putRecord(stranger, new PutRecordRequest(null, new byte[1], "k", null, null,
                arn))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> engine.describeStream(CALLER, new DescribeStreamRequest(null, null, null,
                "arn:aws:kinesis:eu-west-1:123456789012:stream/s"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> engine.describeStream(CALLER, new DescribeStreamRequest("t", null, null, arn)))
                .isInstanceOf(InvalidArgumentException.class);
        String it = iterator(engine, "s", "shardId-000000000000", ShardIteratorType.LATEST, null, null);
        assertThatThrownBy(() -> engine.getRecords(stranger, new GetRecordsRequest(it, null, null)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void shardsPastTheAccountsLimitAreRefusedWithAwsMessage() throws IOException {
        StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withClock(clock).withShardLimit(10));
        engines.add(engine);
        engine.createStream(CALLER, new CreateStreamRequest("a", 6, null, null, null, null));
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("b", 5, null, null, null, null)))
                .isInstanceOf(LimitExceededException.class).hasMessage("This request would exceed the shard limit "
                        + "for the account 123456789012 in us-east-1. Current shard count for the account: 6. Limit: "
                        + "10. Number of additional shards that would have resulted from this request: 5. Refer to the "
                        + "AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits"
                        + ".html) for current limits and how to request higher limits.");
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("huge", Integer.MAX_VALUE, null,
                null, null, null))).isInstanceOf(LimitExceededException.class);
        engine.createStream(CALLER, new CreateStreamRequest("b", 4, null, null, null, null));
        engine.createStream(new RequestContext("123456789012", "eu-west-1"),
                new CreateStreamRequest("c", 10, null, null, null, null));
    }

    @Test
    void sequenceNumbersTheShardNeverGaveOutAreInvalid() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        String last = put(engine, "s", "k", "only").sequenceNumber();
        SequenceNumbers.Decoded decoded = SequenceNumbers.parse(last);
        String shard = "shardId-000000000000";
        for (long position : new long[] {2, 3, Long.MAX_VALUE, -1}) {
            String never = SequenceNumbers.format(decoded.shardIndex(), position, decoded.streamTag());
            for (ShardIteratorType type : List.of(ShardIteratorType.AT_SEQUENCE_NUMBER,
                    ShardIteratorType.AFTER_SEQUENCE_NUMBER)) {
                assertThatThrownBy(() -> iterator(engine, "s", shard, type, never, null))
                        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is invalid");
            }
        }
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, last,
                null)))).isEmpty();
    }

    @Test
    void aShardsStartingSequenceNumberIsBelowItsFirstRecordSoReadingAfterItMissesNothing() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        String shard = "shardId-000000000000";
        String start = engine.listShards(CALLER, new ListShardsRequest("s", null, null, null, null, null, null))
                .shards().get(0).sequenceNumberRange().startingSequenceNumber();
        PutRecordResponse first = put(engine, "s", "k", "one");
        put(engine, "s", "k", "two");

        assertThat(first.sequenceNumber()).isGreaterThan(start);
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, start,
                null)))).containsExactly("one", "two");
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.AT_SEQUENCE_NUMBER, start,
                null)))).containsExactly("one", "two");
    }

    @Test
    void recordsComeBackInOrderFromEachIteratorType() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        String shard = "shardId-000000000000";
        PutRecordResponse first = put(engine, "s", "k", "one");
        clock.advance(Duration.ofSeconds(1));
        Instant second = clock.instant();
        PutRecordResponse middle = put(engine, "s", "k", "two");
        String latest = iterator(engine, "s", shard, ShardIteratorType.LATEST, null, null);
        put(engine, "s", "k", "three");

        assertThat(first.shardId()).isEqualTo(shard);
        assertThat(middle.sequenceNumber()).isGreaterThan(first.sequenceNumber());
        GetRecordsResponse all = get(engine, iterator(engine, "s", shard, ShardIteratorType.TRIM_HORIZON, null, null));
        assertThat(data(all)).containsExactly("one", "two", "three");
        assertThat(all.records().get(0).sequenceNumber()).isEqualTo(first.sequenceNumber());
        assertThat(all.records().get(0).partitionKey()).isEqualTo("k");
        assertThat(all.millisBehindLatest()).isZero();
        assertThat(data(get(engine, latest))).containsExactly("three");
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.AT_SEQUENCE_NUMBER,
                middle.sequenceNumber(), null)))).containsExactly("two", "three");
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                middle.sequenceNumber(), null)))).containsExactly("three");
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.AT_TIMESTAMP, null, second))))
                .containsExactly("two", "three");
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.AT_TIMESTAMP, null,
                second.plusSeconds(3600))))).isEmpty();
    }

    @Test
    void getRecordsFollowsNextIteratorsAndHonoursTheLimit() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        for (int i = 0; i < 5; i++) {
            put(engine, "s", "k", "r" + i);
        }
        String it = iterator(engine, "s", "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        clock.advance(Duration.ofSeconds(1));
        GetRecordsResponse page = engine.getRecords(CALLER, new GetRecordsRequest(it, 2, null));
        assertThat(data(page)).containsExactly("r0", "r1");
        assertThat(page.millisBehindLatest()).isEqualTo(1000);
        page = engine.getRecords(CALLER, new GetRecordsRequest(page.nextShardIterator(), 10, null));
        assertThat(data(page)).containsExactly("r2", "r3", "r4");
        assertThat(page.millisBehindLatest()).isZero();
        GetRecordsResponse empty = get(engine, page.nextShardIterator());
        assertThat(empty.records()).isEmpty();
        assertThat(empty.nextShardIterator()).isNotNull();
        put(engine, "s", "k", "r5");
        assertThat(data(get(engine, empty.nextShardIterator()))).containsExactly("r5");
    }

    @Test
    void aGetRecordsAnswerHoldsAtMostTenMebibytes() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        for (int i = 0; i < 11; i++) {
            engine.putRecord(CALLER, new PutRecordRequest("s", new byte[1_000_000], "k", null, null, null)).join();
        }
        GetRecordsResponse first = get(engine, iterator(engine, "s", "shardId-000000000000",
                ShardIteratorType.TRIM_HORIZON, null, null));
        assertThat(first.records()).hasSize(10);
        assertThat(first.millisBehindLatest()).as("the clock has not moved since the puts").isZero();
        assertThat(get(engine, first.nextShardIterator()).records()).hasSize(1);
    }

    @Test
    void anIteratorExpiresAfterFiveMinutes() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        String it = iterator(engine, "s", "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        clock.advance(Duration.ofMinutes(5));
        assertThat(get(engine, it).records()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> get(engine, it)).isInstanceOf(ExpiredIteratorException.class)
                .hasMessageStartingWith("Iterator expired. The iterator was created at time Thu Jan 01 00:00:00 UTC"
                        + " 2026 while right now it is Thu Jan 01 00:05:00 UTC 2026 which is further in the future"
                        + " than the tolerated delay of 300000 milliseconds.");
    }

    @Test
    void aForgedIteratorIsAnInvalidArgument() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        String it = iterator(engine, "s", "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        String forged = (it.charAt(5) == 'A' ? "B" : "A");
        String tampered = it.substring(0, 5) + forged + it.substring(6);
        assertThatThrownBy(() -> get(engine, tampered)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid ShardIterator.");
    }

    @Test
    void iteratorArgumentsAreCheckedAsAwsChecksThem() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 2);
        String zero = "shardId-000000000000";
        String seqOnShardOne = put(engine, "s", "x", "d").sequenceNumber();
        String shardOfX = engine.putRecord(CALLER, new PutRecordRequest("s", new byte[1], "x", null, null, null))
                .join().shardId();
        String otherShard = shardOfX.equals(zero) ? "shardId-000000000001" : zero;
        assertThatThrownBy(() -> iterator(engine, "s", otherShard, ShardIteratorType.AT_SEQUENCE_NUMBER,
                seqOnShardOne, null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid StartingSequenceNumber. It encodes " + shardOfX
                        + ", while it was used in a call to a shard with " + otherShard);
        assertThatThrownBy(() -> iterator(engine, "s", zero, ShardIteratorType.AT_SEQUENCE_NUMBER, null, null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageEndingWith(
                        "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.");
        assertThatThrownBy(() -> iterator(engine, "s", zero, ShardIteratorType.LATEST, seqOnShardOne, null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageEndingWith(
                        "Request specified LATEST and also a StartingSequenceNumber.");
        assertThatThrownBy(() -> iterator(engine, "s", zero, ShardIteratorType.AT_SEQUENCE_NUMBER, "123", null))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("StartingSequenceNumber 123 used in "
                        + "GetShardIterator on shard shardId-000000000000 in stream s under account 123456789012 "
                        + "is invalid.");
        assertThatThrownBy(() -> iterator(engine, "s", "shardId-000000000009", ShardIteratorType.LATEST, null, null))
                .isInstanceOf(ResourceNotFoundException.class).hasMessage(
                        "Shard shardId-000000000009 in stream s under account 123456789012 does not exist");
        activeStream(engine, "t", 2);
        String foreign = engine.putRecord(CALLER, new PutRecordRequest("t", new byte[1], "x", null, null, null))
                .join().sequenceNumber();
        assertThatThrownBy(() -> iterator(engine, "s", shardOfX, ShardIteratorType.AT_SEQUENCE_NUMBER, foreign, null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageEndingWith(
                        "is invalid because it did not come from this stream.");
    }

    @Test
    void putRecordsRoutesByHashKeyAndReportsEachRecord() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 4);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(new PutRecordsRequestEntry(("v" + i).getBytes(StandardCharsets.UTF_8), null, "key" + i));
        }
        entries.add(new PutRecordsRequestEntry(new byte[] {1}, "0", "any"));
        entries.add(new PutRecordsRequestEntry(new byte[] {2}, "340282366920938463463374607431768211455", "any"));
        PutRecordsResponse response = engine.putRecords(CALLER, new PutRecordsRequest(entries, "s", null)).join();
        assertThat(response.failedRecordCount()).isZero();
        assertThat(response.records()).hasSize(102);
        assertThat(response.records().get(100).shardId()).isEqualTo("shardId-000000000000");
        assertThat(response.records().get(101).shardId()).isEqualTo("shardId-000000000003");
        List<Shard> shards = engine.listShards(CALLER, new ListShardsRequest("s", null, null, null, null, null, null))
                .shards();
        for (int i = 0; i < 100; i++) {
            java.math.BigInteger hash = HashKeys.of("key" + i);
            String expected = shards.stream().filter(s -> new java.math.BigInteger(s.hashKeyRange().startingHashKey())
                    .compareTo(hash) <= 0 && new java.math.BigInteger(s.hashKeyRange().endingHashKey())
                    .compareTo(hash) >= 0).findFirst().orElseThrow().shardId();
            assertThat(response.records().get(i).shardId()).isEqualTo(expected);
        }
        int total = 0;
        for (Shard shard : shards) {
            total += get(engine, iterator(engine, "s", shard.shardId(), ShardIteratorType.TRIM_HORIZON, null, null))
                    .records().size();
        }
        assertThat(total).isEqualTo(102);
    }

    @Test
    void putRecordsKeepsRequestOrderWithinEachShardAndAnswersInRequestOrderAcrossManyShards() throws IOException {
        int shardCount = 40;
        StreamEngine engine = activeStream(engine(dataDir), "s", shardCount);
        List<HashKeys.Range> ranges = HashKeys.split(shardCount);
        // Record i goes to shard 7i mod 40: every shard gets records interleaved with the others'.
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            HashKeys.Range range = ranges.get(7 * i % shardCount);
            String hashKey = range.start().add(range.end()).shiftRight(1).toString();
            entries.add(new PutRecordsRequestEntry(("v" + i).getBytes(StandardCharsets.UTF_8), hashKey, "k"));
        }
        PutRecordsResponse response = engine.putRecords(CALLER, new PutRecordsRequest(entries, "s", null)).join();

        assertThat(response.failedRecordCount()).isZero();
        assertThat(response.records()).hasSize(500);
        Map<String, List<String>> answeredByShard = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            String shardId = ShardMetadata.shardId(7 * i % shardCount);
            assertThat(response.records().get(i).shardId()).as("record %d", i).isEqualTo(shardId);
            answeredByShard.computeIfAbsent(shardId, id -> new ArrayList<>())
                    .add("v" + i + "@" + response.records().get(i).sequenceNumber());
        }
        for (int shard = 0; shard < shardCount; shard++) {
            String shardId = ShardMetadata.shardId(shard);
            List<String> stored = get(engine, iterator(engine, "s", shardId, ShardIteratorType.TRIM_HORIZON, null,
                    null)).records().stream().map(r -> new String(r.data(), StandardCharsets.UTF_8) + "@"
                    + r.sequenceNumber()).toList();
            assertThat(stored).as(shardId).isNotEmpty().isEqualTo(answeredByShard.get(shardId));
        }
    }

    @Test
    void oversizedRecordsAndHashKeysAreRejectedWithAwsMessages() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 1);
        byte[] big = new byte[(1 << 20) + 1];
        assertThatThrownBy(() -> engine.putRecord(CALLER, new PutRecordRequest("s", big, "k", null, null, null)))
                .isInstanceOf(ValidationException.class).hasMessage("1 validation error detected: Value "
                        + "'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 1048576");
        assertThatThrownBy(() -> engine.putRecords(CALLER, new PutRecordsRequest(List.of(
                new PutRecordsRequestEntry(new byte[1], null, "k"),
                new PutRecordsRequestEntry(big, null, "k")), "s", null)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at 'records.2.member.data'");
        List<PutRecordsRequestEntry> manyTooBig = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            manyTooBig.add(new PutRecordsRequestEntry(big, null, "k"));
        }
        assertThatThrownBy(() -> engine.putRecords(CALLER, new PutRecordsRequest(manyTooBig, "s", null)))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("10 validation errors detected: ")
                .hasMessageContaining("records.10.member.data").hasMessageNotContaining("records.11.member.data");
        assertThatThrownBy(() -> engine.putRecord(CALLER, new PutRecordRequest("s", new byte[1], "k",
                "340282366920938463463374607431768211456", null, null)))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("Invalid ExplicitHashKey. ExplicitHashKey "
                        + "must be in the range: [0, 2^128-1]. Specified value was "
                        + "340282366920938463463374607431768211456");
    }

    @Test
    void recordsPastRetentionAreNotReturnedAndTheirSpaceIsReclaimed() throws IOException {
        StreamEngine engine = activeStream(engine(dataDir), "s", 1);
        for (int i = 0; i < 200; i++) {
            put(engine, "s", "k", "old-" + i + "-" + "x".repeat(100));
        }
        long before = directorySize(dataDir.resolve("logs"));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        put(engine, "s", "k", "new");
        String shard = "shardId-000000000000";
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.TRIM_HORIZON, null, null))))
                .containsExactly("new");
        engine.runMaintenance();
        assertThat(directorySize(dataDir.resolve("logs"))).isLessThan(before / 2);
        assertThat(data(get(engine, iterator(engine, "s", shard, ShardIteratorType.TRIM_HORIZON, null, null))))
                .containsExactly("new");
    }

    /**
     * Bytes of the segment files under {@code dir}: the storage's write-ahead journal ({@code ~journal}) is left
     * out, since it holds up to {@code LogConfig.journalBytes} of recent appends whatever retention does.
     */
    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.toString().contains("/~journal/"))
                    .mapToLong(file -> file.toFile().length()).sum();
        }
    }

    @Test
    void aDeletedStreamIsDeletingThenGoneAndItsNameCanBeReused() throws IOException {
        StreamEngine engine = activeStream(engine(dataDir), "s", 1);
        put(engine, "s", "k", "before");
        engine.deleteStream(CALLER, new DeleteStreamRequest("s", null, null));
        assertThat(summaryStatus(engine, "s")).isEqualTo(StreamStatus.DELETING);
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("s", 1, null, null, null, null)))
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(DELAY);
        assertThatThrownBy(() -> summaryStatus(engine, "s")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream s under account 123456789012 not found.");
        assertThatThrownBy(() -> engine.deleteStream(CALLER, new DeleteStreamRequest("s", null, null)))
                .isInstanceOf(ResourceNotFoundException.class);
        activeStream(engine, "s", 1);
        assertThat(get(engine, iterator(engine, "s", "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null,
                null)).records()).isEmpty();
    }

    @Test
    void aStreamStillCreatingCannotBeDeleted() throws IOException {
        StreamEngine engine = engine(null);
        engine.createStream(CALLER, new CreateStreamRequest("s", 1, null, null, null, null));
        assertThatThrownBy(() -> engine.deleteStream(CALLER, new DeleteStreamRequest("s", null, null)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessage("Stream s under account 123456789012 not ACTIVE, instead in state CREATING");
    }

    @Test
    void listStreamsPagesByNameWithHasMoreAndNextToken() throws IOException {
        StreamEngine engine = engine(null);
        for (String name : List.of("c", "a", "e", "b", "d")) {
            engine.createStream(CALLER, new CreateStreamRequest(name, 1, null, null, null, null));
        }
        ListStreamsResponse first = engine.listStreams(CALLER, new ListStreamsRequest(2, null, null));
        assertThat(first.streamNames()).containsExactly("a", "b");
        assertThat(first.hasMoreStreams()).isTrue();
        assertThat(first.streamSummaries()).extracting(s -> s.streamStatus()).containsOnly(StreamStatus.CREATING);
        ListStreamsResponse second = engine.listStreams(CALLER, new ListStreamsRequest(2, null, first.nextToken()));
        assertThat(second.streamNames()).containsExactly("c", "d");
        RequestContext otherRegion = new RequestContext(CALLER.accountId(), "eu-west-1");
        assertThatThrownBy(() -> engine.listStreams(otherRegion, new ListStreamsRequest(2, null, first.nextToken())))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("Invalid NextToken.");
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThatThrownBy(() -> engine.listStreams(CALLER, new ListStreamsRequest(2, null, first.nextToken())))
                .isInstanceOf(ExpiredNextTokenException.class);
        ListStreamsResponse third = engine.listStreams(CALLER, new ListStreamsRequest(2, "d", null));
        assertThat(third.streamNames()).containsExactly("e");
        assertThat(third.hasMoreStreams()).isFalse();
        assertThat(third.nextToken()).isNull();
    }

    @Test
    void listShardsPagesAndFilters() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 5);
        ListShardsResponse page = engine.listShards(CALLER, new ListShardsRequest("s", null, null, 2, null, null, null));
        List<String> ids = new ArrayList<>(page.shards().stream().map(Shard::shardId).toList());
        while (page.nextToken() != null) {
            page = engine.listShards(CALLER, new ListShardsRequest(null, page.nextToken(), null, 2, null, null, null));
            page.shards().forEach(shard -> ids.add(shard.shardId()));
        }
        assertThat(ids).containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
                "shardId-000000000003", "shardId-000000000004");
        assertThat(shardIds(engine, new ShardFilter(ShardFilterType.AFTER_SHARD_ID, "shardId-000000000002", null)))
                .containsExactly("shardId-000000000003", "shardId-000000000004");
        for (ShardFilterType type : List.of(ShardFilterType.AT_LATEST, ShardFilterType.AT_TRIM_HORIZON,
                ShardFilterType.FROM_TRIM_HORIZON)) {
            assertThat(shardIds(engine, new ShardFilter(type, null, null))).hasSize(5);
        }
        assertThat(shardIds(engine, new ShardFilter(ShardFilterType.AT_TIMESTAMP, null, clock.instant()))).hasSize(5);
        assertThat(shardIds(engine, new ShardFilter(ShardFilterType.FROM_TIMESTAMP, null, clock.instant())))
                .hasSize(5);
        assertThat(engine.listShards(CALLER, new ListShardsRequest("s", null, "shardId-000000000003", null, null,
                null, null)).shards()).extracting(Shard::shardId).containsExactly("shardId-000000000004");
        assertThatThrownBy(() -> engine.listShards(CALLER, new ListShardsRequest("s", "token", null, null, null,
                null, null))).isInstanceOf(InvalidArgumentException.class);
        Instant created = engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest("s", null))
                .streamDescriptionSummary().streamCreationTimestamp();
        assertThat(engine.listShards(CALLER, new ListShardsRequest("s", null, null, null, created, null, null))
                .shards()).hasSize(5);
        assertThatThrownBy(() -> engine.listShards(CALLER, new ListShardsRequest("s", null, null, null,
                created.minusSeconds(1), null, null))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> shardIds(engine, new ShardFilter(ShardFilterType.AFTER_SHARD_ID, null, null)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> shardIds(engine, new ShardFilter(ShardFilterType.AFTER_SHARD_ID, "foo", null)))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aFilteredListingKeepsItsFilterAcrossPages() throws IOException {
        StreamEngine engine = activeStream(engine(null), "s", 7);
        ShardFilter filter = new ShardFilter(ShardFilterType.AFTER_SHARD_ID, "shardId-000000000001", null);
        ListShardsResponse page = engine.listShards(CALLER, new ListShardsRequest("s", null, null, 2, null, filter,
                null));
        List<String> ids = new ArrayList<>(page.shards().stream().map(Shard::shardId).toList());
        while (page.nextToken() != null) {
            page = engine.listShards(CALLER, new ListShardsRequest(null, page.nextToken(), null, 2, null, null, null));
            page.shards().forEach(shard -> ids.add(shard.shardId()));
        }
        assertThat(ids).containsExactly("shardId-000000000002", "shardId-000000000003", "shardId-000000000004",
                "shardId-000000000005", "shardId-000000000006");
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        String stale = engine.listShards(CALLER, new ListShardsRequest("s", null, null, 2, null, null, null))
                .nextToken();
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThatThrownBy(() -> engine.listShards(CALLER, new ListShardsRequest(null, stale, null, null, null, null,
                null))).isInstanceOf(ExpiredNextTokenException.class);
    }

    @Test
    void aListShardsPageHoldsAtMostOneThousandShards() throws IOException {
        StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withClock(clock).withShardLimit(2000));
        engines.add(engine);
        activeStream(engine, "wide", 1001);
        ListShardsResponse page = engine.listShards(CALLER, new ListShardsRequest("wide", null, null, 10_000, null,
                null, null));
        assertThat(page.shards()).hasSize(1000);
        assertThat(page.nextToken()).isNotNull();
    }

    private static List<String> shardIds(StreamEngine engine, ShardFilter filter) {
        return engine.listShards(CALLER, new ListShardsRequest("s", null, null, null, null, filter, null)).shards()
                .stream().map(Shard::shardId).collect(Collectors.toList());
    }

    @Test
    void aRestartKeepsStreamsRecordsSequenceNumbersAndIterators() throws IOException {
        StreamEngine engine = activeStream(engine(dataDir), "s", 2);
        List<PutRecordResponse> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(put(engine, "s", "k" + i, "r" + i));
        }
        String shard = before.get(0).shardId();
        String trimHorizon = iterator(engine, "s", shard, ShardIteratorType.TRIM_HORIZON, null, null);
        engine.close();

        StreamEngine reopened = engine(dataDir);
        assertThat(summaryStatus(reopened, "s")).isEqualTo(StreamStatus.ACTIVE);
        List<StreamRecord> records = get(reopened, trimHorizon).records();
        List<String> expected = before.stream().filter(r -> r.shardId().equals(shard))
                .map(PutRecordResponse::sequenceNumber).toList();
        assertThat(records).extracting(StreamRecord::sequenceNumber).containsExactlyElementsOf(expected);
        PutRecordResponse after = put(reopened, "s", before.get(0).shardId().equals(shard) ? "k0" : "k1", "later");
        assertThat(after.shardId()).isEqualTo(shard);
        assertThat(after.sequenceNumber()).isGreaterThan(expected.get(expected.size() - 1));
    }
}
