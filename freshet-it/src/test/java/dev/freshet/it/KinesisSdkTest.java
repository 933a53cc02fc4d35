package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.freshet.server.FreshetServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Every operation of the foundation through the AWS SDK for Java v2, in each transport the SDK
 * uses: the sync client over HTTP/1.1, the async client over HTTP/2 cleartext (prior knowledge),
 * over TLS without ALPN (the SDK's default on https://) and over TLS with ALPN. The encoding is
 * the SDK's default, CBOR, unless the JVM runs with {@code -Daws.cborEnabled=false} (the build
 * runs this class both ways); a spy proves which one went over the wire.
 */
class KinesisSdkTest {

    private static FreshetServer server;

    enum Transport { SYNC_HTTP1, ASYNC_H2C, ASYNC_H2_TLS_WITHOUT_ALPN, ASYNC_H2_TLS_WITH_ALPN }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String expectedContentType() {
        return Clients.sdkSpeaksJson() ? "application/x-amz-json-1.1" : "application/x-amz-cbor-1.1";
    }

    /** The same calls through the sync or the async client. */
    private static final class Api implements AutoCloseable {
        final KinesisClient sync;
        final KinesisAsyncClient async;

        Api(Transport transport, Clients.WireSpy spy) {
            URI endpoint = server.endpoint();
            this.sync = transport == Transport.SYNC_HTTP1 ? Clients.sync(endpoint, spy) : null;
            this.async = switch (transport) {
                case SYNC_HTTP1 -> null;
                case ASYNC_H2C -> Clients.async(endpoint, null, spy);
                case ASYNC_H2_TLS_WITHOUT_ALPN -> Clients.async(server.endpoint("https"), server.certificatePem(), spy);
                case ASYNC_H2_TLS_WITH_ALPN -> Clients.async(server.endpoint("https"), server.certificatePem(),
                        ProtocolNegotiation.ALPN, null, spy);
            };
        }

        <T> T call(Function<KinesisClient, T> viaSync, Function<KinesisAsyncClient, CompletableFuture<T>> viaAsync) {
            if (sync != null) {
                return viaSync.apply(sync);
            }
            try {
                return viaAsync.apply(async).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        @Override
        public void close() {
            if (sync != null) {
                sync.close();
            }
            if (async != null) {
                async.close();
            }
        }
    }

    private static KinesisException awsError(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(KinesisException.class);
        return (KinesisException) thrown;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void streamLifecycleListingAndErrorsWorkThroughTheSdk(Transport transport) {
        Clients.WireSpy spy = new Clients.WireSpy();
        String name = "life-" + transport.name().toLowerCase().replace('_', '-') + "-" + expectedContentType().length();
        try (Api api = new Api(transport, spy)) {
            api.call(c -> c.createStream(b -> b.streamName(name).shardCount(3).tags(Map.of("team", "data"))),
                    c -> c.createStream(b -> b.streamName(name).shardCount(3).tags(Map.of("team", "data"))));
            var summary = api.call(c -> c.describeStreamSummary(b -> b.streamName(name)),
                    c -> c.describeStreamSummary(b -> b.streamName(name))).streamDescriptionSummary();
            assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(summary.openShardCount()).isEqualTo(3);
            assertThat(summary.retentionPeriodHours()).isEqualTo(24);
            assertThat(summary.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/" + name);
            assertThat(summary.streamCreationTimestamp()).isBefore(Instant.now().plusSeconds(1));
            assertThat(api.call(c -> c.describeStreamSummary(b -> b.streamARN(summary.streamARN())),
                    c -> c.describeStreamSummary(b -> b.streamARN(summary.streamARN())))
                    .streamDescriptionSummary().streamName()).isEqualTo(name);

            DescribeStreamResponse firstPage = api.call(c -> c.describeStream(b -> b.streamName(name).limit(2)),
                    c -> c.describeStream(b -> b.streamName(name).limit(2)));
            assertThat(firstPage.streamDescription().shards()).hasSize(2);
            assertThat(firstPage.streamDescription().hasMoreShards()).isTrue();
            String lastId = firstPage.streamDescription().shards().get(1).shardId();
            DescribeStreamResponse secondPage = api.call(
                    c -> c.describeStream(b -> b.streamName(name).exclusiveStartShardId(lastId)),
                    c -> c.describeStream(b -> b.streamName(name).exclusiveStartShardId(lastId)));
            assertThat(secondPage.streamDescription().shards()).extracting(Shard::shardId)
                    .containsExactly("shardId-000000000002");
            assertThat(secondPage.streamDescription().hasMoreShards()).isFalse();
            Shard last = secondPage.streamDescription().shards().get(0);
            assertThat(last.hashKeyRange().endingHashKey()).isEqualTo("340282366920938463463374607431768211455");
            assertThat(last.sequenceNumberRange().startingSequenceNumber()).hasSize(56);

            ListShardsResponse shards = api.call(c -> c.listShards(b -> b.streamName(name).maxResults(2)),
                    c -> c.listShards(b -> b.streamName(name).maxResults(2)));
            assertThat(shards.shards()).hasSize(2);
            String token = shards.nextToken();
            assertThat(api.call(c -> c.listShards(b -> b.nextToken(token)), c -> c.listShards(b -> b.nextToken(token)))
                    .shards()).extracting(Shard::shardId).containsExactly("shardId-000000000002");
            assertThat(api.call(
                    c -> c.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST))),
                    c -> c.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST))))
                    .shards()).hasSize(3);
            assertThat(api.call(c -> c.listShards(b -> b.streamName(name)
                            .shardFilter(f -> f.type(ShardFilterType.AT_TIMESTAMP).timestamp(Instant.now()))),
                    c -> c.listShards(b -> b.streamName(name)
                            .shardFilter(f -> f.type(ShardFilterType.AT_TIMESTAMP).timestamp(Instant.now()))))
                    .shards()).hasSize(3);

            String other = name + "-b";
            api.call(c -> c.createStream(b -> b.streamName(other).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))),
                    c -> c.createStream(b -> b.streamName(other).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))));
            ListStreamsResponse streams = api.call(c -> c.listStreams(b -> b.exclusiveStartStreamName(name).limit(1)),
                    c -> c.listStreams(b -> b.exclusiveStartStreamName(name).limit(1)));
            assertThat(streams.streamNames()).containsExactly(other);
            assertThat(streams.streamSummaries().get(0).streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
            List<String> all = new ArrayList<>();
            ListStreamsResponse page = api.call(c -> c.listStreams(b -> b.limit(1)), c -> c.listStreams(b -> b.limit(1)));
            all.addAll(page.streamNames());
            while (page.hasMoreStreams()) {
                String next = page.nextToken();
                page = api.call(c -> c.listStreams(b -> b.nextToken(next).limit(1)),
                        c -> c.listStreams(b -> b.nextToken(next).limit(1)));
                all.addAll(page.streamNames());
            }
            assertThat(all).contains(name, other).isSorted();

            KinesisException missing = awsError(() -> api.call(c -> c.describeStream(b -> b.streamName("nope")),
                    c -> c.describeStream(b -> b.streamName("nope"))));
            assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo(
                    "Stream nope under account 123456789012 not found.");
            assertThat(missing.statusCode()).isEqualTo(400);
            KinesisException exists = awsError(() -> api.call(c -> c.createStream(b -> b.streamName(name).shardCount(1)),
                    c -> c.createStream(b -> b.streamName(name).shardCount(1))));
            assertThat(exists.awsErrorDetails().errorCode()).isEqualTo("ResourceInUseException");
            KinesisException invalid = awsError(() -> api.call(c -> c.createStream(b -> b.streamName("a b").shardCount(1)),
                    c -> c.createStream(b -> b.streamName("a b").shardCount(1))));
            assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(invalid.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'a b' "
                    + "at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[a-zA-Z0-9_.-]+");

            api.call(c -> c.deleteStream(b -> b.streamName(name)), c -> c.deleteStream(b -> b.streamName(name)));
            api.call(c -> c.deleteStream(b -> b.streamName(other)), c -> c.deleteStream(b -> b.streamName(other)));
            assertThat(awsError(() -> api.call(c -> c.describeStreamSummary(b -> b.streamName(name)),
                    c -> c.describeStreamSummary(b -> b.streamName(name)))).awsErrorDetails().errorCode())
                    .isEqualTo("ResourceNotFoundException");
        }
        assertThat(spy.contentTypes).isNotEmpty().containsOnly(expectedContentType());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void recordsRoundTripThroughEveryIteratorType(Transport transport) {
        Clients.WireSpy spy = new Clients.WireSpy();
        String name = "data-" + transport.name().toLowerCase().replace('_', '-') + "-" + expectedContentType().length();
        try (Api api = new Api(transport, spy)) {
            api.call(c -> c.createStream(b -> b.streamName(name).shardCount(2)),
                    c -> c.createStream(b -> b.streamName(name).shardCount(2)));
            byte[] binary = new byte[256];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) i;
            }
            Instant beforePut = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            PutRecordResponse first = api.call(
                    c -> c.putRecord(b -> b.streamName(name).partitionKey("p").explicitHashKey("0")
                            .data(SdkBytes.fromByteArray(binary))),
                    c -> c.putRecord(b -> b.streamName(name).partitionKey("p").explicitHashKey("0")
                            .data(SdkBytes.fromByteArray(binary))));
            Instant afterPut = Instant.now();
            assertThat(first.shardId()).isEqualTo("shardId-000000000000");
            PutRecordResponse second = api.call(
                    c -> c.putRecord(b -> b.streamName(name).partitionKey("p").explicitHashKey("1")
                            .sequenceNumberForOrdering(first.sequenceNumber()).data(SdkBytes.fromUtf8String("two"))),
                    c -> c.putRecord(b -> b.streamName(name).partitionKey("p").explicitHashKey("1")
                            .sequenceNumberForOrdering(first.sequenceNumber()).data(SdkBytes.fromUtf8String("two"))));
            assertThat(second.sequenceNumber()).isGreaterThan(first.sequenceNumber());

            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i)
                        .data(SdkBytes.fromUtf8String("record-" + i + "-" + "x".repeat(90))).build());
            }
            PutRecordsResponse batch = api.call(c -> c.putRecords(b -> b.streamName(name).records(entries)),
                    c -> c.putRecords(b -> b.streamName(name).records(entries)));
            assertThat(batch.failedRecordCount()).isZero();
            assertThat(batch.records()).hasSize(500).allSatisfy(r -> assertThat(r.sequenceNumber()).hasSize(56));

            GetRecordsResponse fromStart = records(api, name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON,
                    null, null);
            Record firstRecord = fromStart.records().get(0);
            assertThat(firstRecord.data().asByteArray()).isEqualTo(binary);
            assertThat(firstRecord.partitionKey()).isEqualTo("p");
            assertThat(firstRecord.sequenceNumber()).isEqualTo(first.sequenceNumber());
            assertThat(firstRecord.approximateArrivalTimestamp()).isBetween(beforePut, afterPut);
            assertThat(fromStart.records().get(1).data().asUtf8String()).isEqualTo("two");
            assertThat(fromStart.millisBehindLatest()).isZero();

            assertThat(records(api, name, "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER,
                    second.sequenceNumber(), null).records().get(0).sequenceNumber()).isEqualTo(second.sequenceNumber());
            assertThat(records(api, name, "shardId-000000000000", ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                    first.sequenceNumber(), null).records().get(0).sequenceNumber()).isEqualTo(second.sequenceNumber());
            assertThat(records(api, name, "shardId-000000000000", ShardIteratorType.AT_TIMESTAMP, null,
                    firstRecord.approximateArrivalTimestamp()).records().get(0).sequenceNumber())
                    .isEqualTo(first.sequenceNumber());
            assertThat(records(api, name, "shardId-000000000000", ShardIteratorType.AT_TIMESTAMP, null,
                    Instant.now().plusSeconds(3600)).records()).isEmpty();
            GetRecordsResponse latest = records(api, name, "shardId-000000000000", ShardIteratorType.LATEST, null, null);
            assertThat(latest.records()).isEmpty();
            assertThat(latest.nextShardIterator()).isNotEmpty();

            int total = 0;
            for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
                GetRecordsResponse page = records(api, name, shard, ShardIteratorType.TRIM_HORIZON, null, null);
                total += page.records().size();
            }
            assertThat(total).isEqualTo(502);

            KinesisException badIterator = awsError(() -> api.call(c -> c.getRecords(b -> b.shardIterator("AAAA")),
                    c -> c.getRecords(b -> b.shardIterator("AAAA"))));
            assertThat(badIterator.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException");
            assertThat(badIterator.awsErrorDetails().errorMessage()).isEqualTo("Invalid ShardIterator.");
            api.call(c -> c.deleteStream(b -> b.streamName(name)), c -> c.deleteStream(b -> b.streamName(name)));
        }
        assertThat(spy.contentTypes).isNotEmpty().containsOnly(expectedContentType());
    }

    private static GetRecordsResponse records(Api api, String stream, String shard, ShardIteratorType type,
            String sequenceNumber, Instant timestamp) {
        String iterator = api.call(
                c -> c.getShardIterator(b -> b.streamName(stream).shardId(shard).shardIteratorType(type)
                        .startingSequenceNumber(sequenceNumber).timestamp(timestamp)),
                c -> c.getShardIterator(b -> b.streamName(stream).shardId(shard).shardIteratorType(type)
                        .startingSequenceNumber(sequenceNumber).timestamp(timestamp))).shardIterator();
        return api.call(c -> c.getRecords(b -> b.shardIterator(iterator)),
                c -> c.getRecords(b -> b.shardIterator(iterator)));
    }
}
