package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.api.errors.SerializationException;
import dev.freshet.api.errors.ValidationException;
import dev.freshet.protocol.TestShapes.CreateStreamInput;
import dev.freshet.protocol.TestShapes.ListShardsInput;
import dev.freshet.protocol.TestShapes.PutRecordsInput;
import dev.freshet.protocol.TestShapes.ShardFilterType;
import dev.freshet.protocol.TestShapes.StreamMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;

/**
 * The AWS SDK for Java v2's own marshallers and unmarshallers against this codec: what the SDK
 * sends (CBOR by default) decodes, and what the codec sends parses in the SDK, errors included.
 */
class SdkCompatibilityTest {

    private static final Instant ARRIVAL = Instant.ofEpochMilli(1_700_000_000_123L);

    private static final StubHttpClient HTTP = new StubHttpClient();
    private static KinesisClient sdk;
    /** The SDK with CBOR disabled, as with AWS_CBOR_DISABLE=true: it speaks AWS JSON 1.1. */
    private static KinesisClient jsonSdk;

    record PutRecordsResultEntry(String sequenceNumber, String shardId, String errorCode, String errorMessage) {
    }

    record PutRecordsOutput(Integer failedRecordCount, List<PutRecordsResultEntry> records) {
    }

    record Record(String sequenceNumber, Instant approximateArrivalTimestamp, byte[] data, String partitionKey) {
    }

    record GetRecordsOutput(List<Record> records, String nextShardIterator, Long millisBehindLatest) {
    }

    @BeforeAll
    static void buildClients() {
        sdk = HTTP.kinesisClient(WireFormat.CBOR);
        jsonSdk = HTTP.kinesisClient(WireFormat.JSON);
    }

    @AfterAll
    static void closeClients() {
        sdk.close();
        jsonSdk.close();
    }

    private WireFormat requestFormat() {
        return WireFormat.fromContentType(HTTP.lastRequest().firstMatchingHeader("Content-Type").orElseThrow());
    }

    @Test
    void the_sdk_sends_cbor_put_records_that_decode_and_parses_the_cbor_answer() {
        HTTP.respond(200, WireFormat.CBOR, Codec.encodeResponse(WireFormat.CBOR, new PutRecordsOutput(0, List.of(
                new PutRecordsResultEntry("49590338271490256608559692538361571095921575989136588898", "shardId-000000000000",
                        null, null)))));

        PutRecordsResponse response = sdk.putRecords(r -> r.streamName("orders").records(PutRecordsRequestEntry.builder()
                .data(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).partitionKey("pk").explicitHashKey("7").build()));

        assertThat(requestFormat()).isEqualTo(WireFormat.CBOR);
        assertThat(HTTP.lastRequest().firstMatchingHeader("X-Amz-Target")).hasValue("Kinesis_20131202.PutRecords");
        PutRecordsInput decoded = Codec.decodeRequest(WireFormat.CBOR, "PutRecords", HTTP.lastBody(), PutRecordsInput.class);
        assertThat(decoded.streamName()).isEqualTo("orders");
        assertThat(decoded.records()).singleElement().satisfies(e -> {
            assertThat(e.data()).containsExactly(1, 2, 3);
            assertThat(e.partitionKey()).isEqualTo("pk");
            assertThat(e.explicitHashKey()).isEqualTo("7");
        });
        assertThat(response.failedRecordCount()).isZero();
        assertThat(response.records().get(0).shardId()).isEqualTo("shardId-000000000000");
    }

    @Test
    void with_cbor_disabled_the_sdk_sends_json_that_decodes_and_parses_the_json_answer() {
        HTTP.respond(200, WireFormat.JSON, Codec.encodeResponse(WireFormat.JSON, new GetRecordsOutput(
                List.of(new Record("1", ARRIVAL, new byte[] {4, 5}, "pk")), "next", 7L)));

        GetRecordsResponse response = jsonSdk.getRecords(r -> r.shardIterator("it").limit(10));

        assertThat(requestFormat()).isEqualTo(WireFormat.JSON);
        assertThat(response.records().get(0).approximateArrivalTimestamp()).isEqualTo(ARRIVAL);
        assertThat(response.records().get(0).data().asByteArray()).containsExactly(4, 5);
        assertThat(response.millisBehindLatest()).isEqualTo(7L);

        HTTP.respond(200, WireFormat.JSON, Codec.encodeResponse(WireFormat.JSON, Map.of("Shards", List.of())));
        jsonSdk.listShards(r -> r.streamName("orders")
                .shardFilter(ShardFilter.builder().type("AT_TIMESTAMP").timestamp(ARRIVAL).build()));
        ListShardsInput decoded = Codec.decodeRequest(WireFormat.JSON, "ListShards", HTTP.lastBody(), ListShardsInput.class);
        assertThat(decoded.shardFilter().timestamp()).isEqualTo(ARRIVAL);
    }

    @Test
    void cbor_timestamps_reach_the_sdk_at_millisecond_precision() {
        HTTP.respond(200, WireFormat.CBOR, Codec.encodeResponse(WireFormat.CBOR, new GetRecordsOutput(
                List.of(new Record("1", ARRIVAL, new byte[] {9}, "pk")), "next", 0L)));

        GetRecordsResponse response = sdk.getRecords(r -> r.shardIterator("it"));

        assertThat(response.records().get(0).approximateArrivalTimestamp()).isEqualTo(ARRIVAL);
        assertThat(response.records().get(0).data().asByteArray()).containsExactly(9);
        assertThat(response.nextShardIterator()).isEqualTo("next");
    }

    @Test
    void sdk_timestamps_and_enums_in_nested_structures_decode() {
        HTTP.respond(200, WireFormat.CBOR, Codec.encodeResponse(WireFormat.CBOR, Map.of("Shards", List.of())));

        sdk.listShards(r -> r.streamName("orders").maxResults(5)
                .shardFilter(ShardFilter.builder().type("AT_TIMESTAMP").timestamp(ARRIVAL).build()));

        ListShardsInput decoded = Codec.decodeRequest(requestFormat(), "ListShards", HTTP.lastBody(), ListShardsInput.class);
        assertThat(decoded.maxResults()).isEqualTo(5);
        assertThat(decoded.shardFilter().type()).isEqualTo(ShardFilterType.AT_TIMESTAMP);
        assertThat(decoded.shardFilter().timestamp()).isEqualTo(ARRIVAL);
    }

    @Test
    void sdk_maps_and_nested_enums_decode() {
        HTTP.respond(200, WireFormat.CBOR, new byte[0]);

        sdk.createStream(r -> r.streamName("orders").shardCount(2).streamModeDetails(m -> m.streamMode("ON_DEMAND"))
                .tags(Map.of("team", "data")));

        CreateStreamInput decoded = Codec.decodeRequest(requestFormat(), "CreateStream", HTTP.lastBody(), CreateStreamInput.class);
        assertThat(decoded.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
        assertThat(decoded.tags()).containsExactly(Map.entry("team", "data"));
        assertThat(decoded.shardCount()).isEqualTo(2);
    }

    @Test
    void encoded_errors_become_the_sdks_modeled_exceptions_with_their_messages() {
        HTTP.respond(400, WireFormat.CBOR, Codec.encodeError(WireFormat.CBOR,
                new ResourceNotFoundException("Stream orders under account 123456789012 not found.")).body());

        Throwable thrown = catchThrowable(() -> sdk.describeStreamSummary(r -> r.streamName("orders")));

        assertThat(thrown).isInstanceOf(software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.class)
                .hasMessageStartingWith("Stream orders under account 123456789012 not found.");
    }

    @Test
    void validation_and_serialization_errors_reach_the_sdk_with_code_and_message() {
        for (dev.freshet.api.errors.KinesisException error : List.of(
                new ValidationException("1 validation error detected: x"),
                new SerializationException("Start of list found where not expected"))) {
            for (WireFormat format : WireFormat.values()) {
                KinesisClient client = format == WireFormat.CBOR ? sdk : jsonSdk;
                EncodedError encoded = Codec.encodeError(format, error);
                HTTP.respond(encoded.status(), format, encoded.body());

                Throwable thrown = catchThrowable(() -> client.describeStreamSummary(r -> r.streamName("orders")));

                assertThat(thrown).isInstanceOfSatisfying(KinesisException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(error.errorType());
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(error.getMessage());
                    assertThat(e.statusCode()).isEqualTo(400);
                });
            }
        }
    }
}
