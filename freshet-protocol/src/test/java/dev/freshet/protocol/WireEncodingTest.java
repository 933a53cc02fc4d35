package dev.freshet.protocol;

import static dev.freshet.protocol.CborBodies.cbor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.protocol.TestShapes.CreateStreamInput;
import dev.freshet.protocol.TestShapes.GetRecordsOutput;
import dev.freshet.protocol.TestShapes.ListShardsInput;
import dev.freshet.protocol.TestShapes.PutRecordsInput;
import dev.freshet.protocol.TestShapes.PutRecordsRequestEntry;
import dev.freshet.protocol.TestShapes.RecordOut;
import dev.freshet.protocol.TestShapes.ShardFilter;
import dev.freshet.protocol.TestShapes.ShardFilterType;
import dev.freshet.protocol.TestShapes.StreamMode;
import dev.freshet.protocol.TestShapes.StreamModeDetails;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireEncodingTest {

    private static final Instant WITH_MILLIS = Instant.ofEpochMilli(1_700_000_000_123L);
    private static final Instant WHOLE_SECOND = Instant.ofEpochSecond(1_700_000_000L);


    private final CreateStreamInput create = new CreateStreamInput("orders", 2,
            new StreamModeDetails(StreamMode.ON_DEMAND), Map.of("team", "data"));

    @Test
    void json_writes_record_components_as_upper_camel_members_and_omits_nulls_and_helpers() {
        String json = new String(Codec.encodeResponse(WireFormat.JSON,
                new CreateStreamInput("orders", null, new StreamModeDetails(StreamMode.PROVISIONED), null)), UTF_8);

        assertThat(json).isEqualTo("{\"StreamName\":\"orders\",\"StreamModeDetails\":{\"StreamMode\":\"PROVISIONED\"}}");
    }

    @Test
    void a_record_survives_a_json_round_trip() {
        byte[] body = Codec.encodeResponse(WireFormat.JSON, create);

        assertThat(Codec.decodeRequest(WireFormat.JSON, "CreateStream", body, CreateStreamInput.class)).isEqualTo(create);
    }

    @Test
    void a_record_survives_a_cbor_round_trip() {
        byte[] body = Codec.encodeResponse(WireFormat.CBOR, create);

        assertThat(Codec.decodeRequest(WireFormat.CBOR, "CreateStream", body, CreateStreamInput.class)).isEqualTo(create);
    }

    @Test
    void acronym_members_bind_by_their_aws_names() {
        String json = "{\"StreamARN\":\"arn:aws:kinesis:us-east-1:123456789012:stream/s\","
                + "\"Records\":[{\"Data\":\"\",\"PartitionKey\":\"k\"}]}";

        PutRecordsInput in = Codec.decodeRequest(WireFormat.JSON, "PutRecords", json.getBytes(UTF_8), PutRecordsInput.class);

        assertThat(in.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/s");
        assertThat(new String(Codec.encodeResponse(WireFormat.JSON, in), UTF_8)).contains("\"StreamARN\":\"arn:aws:");
    }

    @Test
    void json_blobs_are_base64_strings_both_ways() {
        PutRecordsInput in = Codec.decodeRequest(WireFormat.JSON, "PutRecords",
                "{\"StreamName\":\"s\",\"Records\":[{\"Data\":\"AQID\",\"PartitionKey\":\"k\"}]}".getBytes(UTF_8),
                PutRecordsInput.class);

        assertThat(in.records().get(0).data()).containsExactly(1, 2, 3);
        assertThat(new String(Codec.encodeResponse(WireFormat.JSON, in), UTF_8)).contains("\"Data\":\"AQID\"");
    }

    @Test
    void cbor_blobs_are_byte_strings_both_ways() throws IOException {
        byte[] body = cbor(gen -> {
            gen.writeStartObject();
            gen.writeStringField("StreamName", "s");
            gen.writeFieldName("Records");
            gen.writeStartArray();
            gen.writeStartObject();
            gen.writeFieldName("Data");
            gen.writeBinary(new byte[] {1, 2, 3});
            gen.writeStringField("PartitionKey", "k");
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeEndObject();
        });

        PutRecordsInput in = Codec.decodeRequest(WireFormat.CBOR, "PutRecords", body, PutRecordsInput.class);

        assertThat(in.records().get(0).data()).containsExactly(1, 2, 3);
        JsonNode out = WireFormat.CBOR.mapper().readTree(Codec.encodeResponse(WireFormat.CBOR, in));
        assertThat(out.at("/Records/0/Data").isBinary()).isTrue();
        assertThat(out.at("/Records/0/Data").binaryValue()).containsExactly(1, 2, 3);
    }

    @Test
    void json_timestamps_are_written_as_epoch_seconds_with_millisecond_fraction() {
        GetRecordsOutput out = new GetRecordsOutput(List.of(
                new RecordOut("1", WITH_MILLIS, new byte[0], "k"),
                new RecordOut("2", WHOLE_SECOND, new byte[0], "k")), "it", 0L);

        String json = new String(Codec.encodeResponse(WireFormat.JSON, out), UTF_8);

        assertThat(json).contains("\"ApproximateArrivalTimestamp\":1700000000.123")
                .contains("\"ApproximateArrivalTimestamp\":1700000000,");
    }

    @Test
    void json_timestamps_are_read_from_integer_or_decimal_epoch_seconds() {
        ListShardsInput decimal = Codec.decodeRequest(WireFormat.JSON, "ListShards",
                "{\"StreamName\":\"s\",\"StreamCreationTimestamp\":1700000000.123}".getBytes(UTF_8), ListShardsInput.class);
        ListShardsInput integer = Codec.decodeRequest(WireFormat.JSON, "ListShards",
                "{\"StreamName\":\"s\",\"StreamCreationTimestamp\":1700000000}".getBytes(UTF_8), ListShardsInput.class);

        assertThat(decimal.streamCreationTimestamp()).isEqualTo(WITH_MILLIS);
        assertThat(integer.streamCreationTimestamp()).isEqualTo(WHOLE_SECOND);
    }

    @Test
    void json_timestamps_finer_than_a_millisecond_are_truncated() {
        ListShardsInput in = Codec.decodeRequest(WireFormat.JSON, "ListShards",
                "{\"StreamName\":\"s\",\"StreamCreationTimestamp\":1700000000.1239999}".getBytes(UTF_8),
                ListShardsInput.class);

        assertThat(in.streamCreationTimestamp()).isEqualTo(WITH_MILLIS);
    }

    @Test
    void cbor_timestamps_are_written_as_tag_1_with_integral_epoch_millis() throws IOException {
        GetRecordsOutput out = new GetRecordsOutput(List.of(new RecordOut("1", WITH_MILLIS, new byte[0], "k")), "it", 5L);

        byte[] body = Codec.encodeResponse(WireFormat.CBOR, out);

        assertThat(CborBodies.tagOf(body, "ApproximateArrivalTimestamp")).isEqualTo(1);
        JsonNode tree = WireFormat.CBOR.mapper().readTree(body);
        assertThat(tree.at("/Records/0/ApproximateArrivalTimestamp").isIntegralNumber()).isTrue();
        assertThat(tree.at("/Records/0/ApproximateArrivalTimestamp").longValue()).isEqualTo(1_700_000_000_123L);
        assertThat(CborBodies.tagOf(body, "MillisBehindLatest")).isEqualTo(-1);
    }

    @Test
    void cbor_timestamps_are_read_as_epoch_millis_tagged_or_not() {
        for (boolean tagged : new boolean[] {true, false}) {
            byte[] body = cbor(gen -> {
                gen.writeStartObject();
                gen.writeStringField("StreamName", "s");
                gen.writeFieldName("ShardFilter");
                gen.writeStartObject();
                gen.writeStringField("Type", "AT_TIMESTAMP");
                gen.writeFieldName("Timestamp");
                if (tagged) {
                    gen.writeTag(1);
                }
                gen.writeNumber(1_700_000_000_123L);
                gen.writeEndObject();
                gen.writeEndObject();
            });

            ListShardsInput in = Codec.decodeRequest(WireFormat.CBOR, "ListShards", body, ListShardsInput.class);

            assertThat(in.shardFilter()).isEqualTo(new ShardFilter(ShardFilterType.AT_TIMESTAMP, null, WITH_MILLIS));
        }
    }

    @Test
    void cbor_requests_with_indefinite_length_maps_arrays_and_strings_decode() {
        byte[] body = new byte[] {
            (byte) 0xBF,                                           // indefinite map
            0x6A, 'S', 't', 'r', 'e', 'a', 'm', 'N', 'a', 'm', 'e',
            0x7F, 0x62, 'o', 'r', 0x64, 'd', 'e', 'r', 's', (byte) 0xFF, // indefinite text "orders"
            0x67, 'R', 'e', 'c', 'o', 'r', 'd', 's',
            (byte) 0x9F,                                           // indefinite array
            (byte) 0xBF,
            0x64, 'D', 'a', 't', 'a', 0x42, 7, 8,
            0x6C, 'P', 'a', 'r', 't', 'i', 't', 'i', 'o', 'n', 'K', 'e', 'y', 0x61, 'p',
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
        };

        PutRecordsInput in = Codec.decodeRequest(WireFormat.CBOR, "PutRecords", body, PutRecordsInput.class);

        assertThat(in.streamName()).isEqualTo("orders");
        assertThat(in.records()).singleElement().satisfies(r -> {
            assertThat(r.data()).containsExactly(7, 8);
            assertThat(r.partitionKey()).isEqualTo("p");
        });
    }

    @Test
    void unknown_and_null_members_are_ignored() {
        CreateStreamInput in = Codec.decodeRequest(WireFormat.JSON, "CreateStream",
                "{\"StreamName\":\"s\",\"ShardCount\":null,\"Surprise\":{\"x\":[1]},\"Empty\":true}".getBytes(UTF_8),
                CreateStreamInput.class);

        assertThat(in).isEqualTo(new CreateStreamInput("s", null, null, null));
    }

    @Test
    void an_empty_body_is_an_empty_request() {
        TestShapes.DescribeStreamSummaryInput in = Codec.decodeRequest(WireFormat.CBOR, "DescribeStreamSummary", new byte[0],
                TestShapes.DescribeStreamSummaryInput.class);

        assertThat(in).isEqualTo(new TestShapes.DescribeStreamSummaryInput(null, null));
    }

    @Test
    void a_null_response_is_an_empty_body() {
        assertThat(Codec.encodeResponse(WireFormat.JSON, null)).isEmpty();
        assertThat(Codec.encodeResponse(WireFormat.CBOR, null)).isEmpty();
    }

    @Test
    void records_with_lists_of_entries_round_trip_in_both_formats() {
        PutRecordsInput in = new PutRecordsInput(List.of(
                new PutRecordsRequestEntry(new byte[] {0, -1}, "12", "a"),
                new PutRecordsRequestEntry(new byte[0], null, "b")), "s", null);
        for (WireFormat format : WireFormat.values()) {
            PutRecordsInput back = Codec.decodeRequest(format, "PutRecords", Codec.encodeResponse(format, in),
                    PutRecordsInput.class);

            assertThat(back.streamName()).isEqualTo("s");
            assertThat(back.records()).hasSize(2);
            assertThat(back.records().get(0).data()).containsExactly(0, -1);
            assertThat(back.records().get(0).explicitHashKey()).isEqualTo("12");
            assertThat(back.records().get(1).explicitHashKey()).isNull();
        }
    }
}
