package dev.freshet.streams;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.ShardIteratorType;
import dev.freshet.api.StreamDescription;
import dev.freshet.api.StreamDescriptionSummary;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamModeDetails;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Engines on an injected clock for the settings tests, closed by {@link #close()}; and the few calls
 * those tests make over and over. Not thread-safe: one per test.
 */
final class EngineFixture implements AutoCloseable {

    static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");
    static final Duration DELAY = Duration.ofMillis(500);

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<StreamEngine> engines = new ArrayList<>();

    /** An engine on {@code dir}, or in memory for {@code null}, with 500 ms delays and 4 KiB segments. */
    StreamEngine engine(Path dir) throws IOException {
        StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withDataDir(dir).withClock(clock)
                .withDelays(DELAY, DELAY, DELAY).withSegmentBytes(4096));
        engines.add(engine);
        return engine;
    }

    /** Creates a PROVISIONED stream and waits until it is ACTIVE. */
    void createActive(StreamEngine engine, String name, int shards) {
        engine.createStream(CALLER, new CreateStreamRequest(name, shards, null, null, null, null));
        clock.advance(DELAY);
    }

    /** Creates an ON_DEMAND stream (four shards) and waits until it is ACTIVE. */
    void createOnDemand(StreamEngine engine, String name) {
        engine.createStream(CALLER, new CreateStreamRequest(name, null, new StreamModeDetails(StreamMode.ON_DEMAND),
                null, null, null));
        clock.advance(DELAY);
    }

    static void put(StreamEngine engine, String stream, String data) {
        engine.putRecord(CALLER, new PutRecordRequest(stream, data.getBytes(StandardCharsets.UTF_8), "k", null,
                null, null)).join();
    }

    /** The data of every record on shard 0, from TRIM_HORIZON until a GetRecords returns none. */
    static List<String> readAll(StreamEngine engine, String stream) {
        String iterator = engine.getShardIterator(CALLER, new GetShardIteratorRequest(stream,
                "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null, null)).shardIterator();
        List<String> data = new ArrayList<>();
        while (true) {
            GetRecordsResponse response = engine.getRecords(CALLER, new GetRecordsRequest(iterator, null, null));
            if (response.records().isEmpty()) {
                return data;
            }
            response.records().forEach(record -> data.add(new String(record.data(), StandardCharsets.UTF_8)));
            iterator = response.nextShardIterator();
        }
    }

    static StreamDescription describe(StreamEngine engine, String stream) {
        return engine.describeStream(CALLER, new DescribeStreamRequest(stream, null, null, null)).streamDescription();
    }

    static StreamDescriptionSummary summary(StreamEngine engine, String stream) {
        return engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest(stream, null))
                .streamDescriptionSummary();
    }

    static String arn(String stream) {
        return "arn:aws:kinesis:us-east-1:123456789012:stream/" + stream;
    }

    @Override
    public void close() {
        engines.forEach(StreamEngine::close);
    }
}
