package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.ChildShard;
import dev.freshet.api.EncryptionType;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.GetShardIteratorResponse;
import dev.freshet.api.HashKeyRange;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordResponse;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.PutRecordsResultEntry;
import dev.freshet.api.ShardIteratorType;
import dev.freshet.api.StreamRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The fast paths against the AWS SDK for Java v2's own marshallers, in CBOR (its default) and JSON:
 * what the SDK sends for the four hot operations is taken by the streaming decoder and decodes to
 * what the generic path gives, and the SDK parses the streaming encoders' PutRecords and GetRecords
 * answers (built from the API records, which is what selects the fast path).
 */
class SdkFastPathTest {

    private static final Instant ARRIVAL = Instant.ofEpochMilli(1_700_000_000_123L);
    private static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";

    private static final StubHttpClient HTTP = new StubHttpClient();
    private static KinesisClient cborSdk;
    private static KinesisClient jsonSdk;

    @BeforeAll
    static void buildClients() {
        cborSdk = HTTP.kinesisClient(WireFormat.CBOR);
        jsonSdk = HTTP.kinesisClient(WireFormat.JSON);
    }

    @AfterAll
    static void closeClients() {
        cborSdk.close();
        jsonSdk.close();
    }

    @Test
    void put_records_from_the_sdk_take_the_fast_path_and_the_sdk_reads_the_fast_answer() {
        for (WireFormat format : WireFormat.values()) {
            HTTP.respond(200, format, Codec.encodeResponse(format, new PutRecordsResponse(1, List.of(
                    new PutRecordsResultEntry(SEQUENCE, "shardId-000000000000", null, null),
                    new PutRecordsResultEntry(null, null, "ProvisionedThroughputExceededException", "Rate exceeded")),
                    EncryptionType.NONE)));

            var response = sdk(format).putRecords(r -> r.streamName("orders").records(
                    PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))
                            .partitionKey("pk").explicitHashKey("7").build(),
                    PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(new byte[0])).partitionKey("é").build()));

            PutRecordsRequest decoded = fastEqualsGeneric(format, "PutRecords", PutRecordsRequest.class);
            assertThat(decoded.streamName()).isEqualTo("orders");
            assertThat(decoded.records()).hasSize(2);
            assertThat(decoded.records().get(0).data()).containsExactly(1, 2, 3);
            assertThat(decoded.records().get(0).explicitHashKey()).isEqualTo("7");
            assertThat(decoded.records().get(1).partitionKey()).isEqualTo("é");
            assertThat(response.failedRecordCount()).isEqualTo(1);
            assertThat(response.records().get(0).sequenceNumber()).isEqualTo(SEQUENCE);
            assertThat(response.records().get(1).errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(response.encryptionTypeAsString()).isEqualTo("NONE");
        }
    }

    @Test
    void put_record_from_the_sdk_takes_the_fast_path() {
        for (WireFormat format : WireFormat.values()) {
            HTTP.respond(200, format, Codec.encodeResponse(format,
                    new PutRecordResponse("shardId-000000000000", SEQUENCE, EncryptionType.NONE)));

            sdk(format).putRecord(r -> r.streamARN("arn:aws:kinesis:us-east-1:123456789012:stream/orders")
                    .data(SdkBytes.fromByteArray(new byte[] {9})).partitionKey("pk").sequenceNumberForOrdering("1"));

            PutRecordRequest decoded = fastEqualsGeneric(format, "PutRecord", PutRecordRequest.class);
            assertThat(decoded.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/orders");
            assertThat(decoded.data()).containsExactly(9);
            assertThat(decoded.sequenceNumberForOrdering()).isEqualTo("1");
        }
    }

    @Test
    void get_shard_iterator_from_the_sdk_takes_the_fast_path_with_its_timestamp() {
        for (WireFormat format : WireFormat.values()) {
            HTTP.respond(200, format, Codec.encodeResponse(format, new GetShardIteratorResponse("it")));

            sdk(format).getShardIterator(r -> r.streamName("orders").shardId("shardId-000000000001")
                    .shardIteratorType("AT_TIMESTAMP").timestamp(ARRIVAL));

            GetShardIteratorRequest decoded = fastEqualsGeneric(format, "GetShardIterator", GetShardIteratorRequest.class);
            assertThat(decoded.shardIteratorType()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
            assertThat(decoded.timestamp()).isEqualTo(ARRIVAL);
        }
    }

    @Test
    void get_records_from_the_sdk_takes_the_fast_path_and_the_sdk_reads_the_fast_answer() {
        for (WireFormat format : WireFormat.values()) {
            HTTP.respond(200, format, Codec.encodeResponse(format, new GetRecordsResponse(List.of(
                    new StreamRecord(SEQUENCE, ARRIVAL, new byte[] {4, 5}, "pk", EncryptionType.NONE),
                    new StreamRecord("1", Instant.ofEpochSecond(1_700_000_000L), new byte[0], "k\"ey", null)),
                    null, 7L, List.of(new ChildShard("shardId-000000000002", List.of("shardId-000000000000"),
                            new HashKeyRange("0", "170141183460469231731687303715884105727"))))));

            var response = sdk(format).getRecords(r -> r.shardIterator("it").limit(10));

            GetRecordsRequest decoded = fastEqualsGeneric(format, "GetRecords", GetRecordsRequest.class);
            assertThat(decoded).isEqualTo(new GetRecordsRequest("it", 10, null));
            assertThat(response.records()).hasSize(2);
            assertThat(response.records().get(0).approximateArrivalTimestamp()).isEqualTo(ARRIVAL);
            assertThat(response.records().get(0).data().asByteArray()).containsExactly(4, 5);
            assertThat(response.records().get(1).partitionKey()).isEqualTo("k\"ey");
            assertThat(response.nextShardIterator()).isNull();
            assertThat(response.millisBehindLatest()).isEqualTo(7L);
            assertThat(response.childShards()).singleElement().satisfies(child -> {
                assertThat(child.parentShards()).containsExactly("shardId-000000000000");
                assertThat(child.hashKeyRange().endingHashKey()).isEqualTo("170141183460469231731687303715884105727");
            });
        }
    }

    private static KinesisClient sdk(WireFormat format) {
        return format == WireFormat.CBOR ? cborSdk : jsonSdk;
    }

    /** The last body the SDK sent, decoded by the fast path, which must take it and agree with the generic path. */
    private static <T> T fastEqualsGeneric(WireFormat format, String operation, Class<T> type) {
        assertThat(HTTP.lastRequest().firstMatchingHeader("Content-Type")).hasValue(format.contentType());
        byte[] body = HTTP.lastBody();
        T fast = StreamingRequestDecoder.tryDecode(format, operation, body, type);
        assertThat(fast).as("fast path took the SDK's %s body %s", operation, Bodies.show(format, body)).isNotNull();
        T generic = Codec.decodeGeneric(format, ServiceModel.kinesis().operation(operation), body, type);
        assertThat(DeepEquals.of(fast, generic)).isTrue();
        return fast;
    }
}
