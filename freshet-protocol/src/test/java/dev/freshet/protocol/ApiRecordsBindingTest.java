package dev.freshet.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.Empty;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.StreamMode;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The api module's own records bind both ways without annotations. */
class ApiRecordsBindingTest {

    private static final String GET_RECORDS = "{\"Records\":[{\"SequenceNumber\":\"4959\","
            + "\"ApproximateArrivalTimestamp\":1700000000.123,\"Data\":\"AQID\",\"PartitionKey\":\"pk\"}],"
            + "\"NextShardIterator\":\"it\",\"MillisBehindLatest\":0}";

    @Test
    void a_create_stream_request_decodes_into_the_api_record() {
        CreateStreamRequest request = Codec.decodeRequest(WireFormat.JSON, "CreateStream",
                "{\"StreamName\":\"s\",\"ShardCount\":3,\"StreamModeDetails\":{\"StreamMode\":\"PROVISIONED\"}}"
                        .getBytes(UTF_8), CreateStreamRequest.class);

        assertThat(request.streamName()).isEqualTo("s");
        assertThat(request.shardCount()).isEqualTo(3);
        assertThat(request.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
    }

    @Test
    void a_get_records_response_encodes_to_the_same_document_in_both_formats() throws IOException {
        GetRecordsResponse response = WireFormat.JSON.mapper().readValue(GET_RECORDS, GetRecordsResponse.class);

        JsonNode json = WireFormat.JSON.mapper().readTree(Codec.encodeResponse(WireFormat.JSON, response));
        JsonNode cbor = WireFormat.CBOR.mapper().readTree(Codec.encodeResponse(WireFormat.CBOR, response));

        assertThat(json).isEqualTo(WireFormat.JSON.mapper().readTree(GET_RECORDS));
        assertThat(response.records().get(0).approximateArrivalTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(cbor.at("/Records/0/ApproximateArrivalTimestamp").longValue()).isEqualTo(1_700_000_000_123L);
        assertThat(cbor.at("/Records/0/Data").binaryValue()).containsExactly(1, 2, 3);
    }

    @Test
    void an_operation_without_output_answers_with_an_empty_body() {
        assertThat(Codec.encodeResponse(WireFormat.JSON, new Empty())).isEmpty();
        assertThat(Codec.encodeResponse(WireFormat.CBOR, new Empty())).isEmpty();
    }
}
