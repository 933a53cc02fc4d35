package dev.freshet.protocol;

import static dev.freshet.protocol.CborBodies.cbor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.errors.SerializationException;
import dev.freshet.api.errors.UnknownOperationException;
import dev.freshet.protocol.TestShapes.DeleteStreamInput;
import org.junit.jupiter.api.Test;

/** Bodies that do not parse, or members of the wrong kind, with the messages AWS sends for them. */
class SerializationErrorTest {

    private static final String NUMBER_CLASS = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";


    private SerializationException jsonError(String operation, String json) {
        return Thrown.by(SerializationException.class,
                () -> Codec.decodeRequest(WireFormat.JSON, operation, json.getBytes(UTF_8), JsonNode.class));
    }

    private String jsonMessage(String operation, String json) {
        return jsonError(operation, json).getMessage();
    }

    @Test
    void malformed_json_is_a_serialization_exception_without_a_message_as_aws_sends() {
        assertThat(jsonError("CreateStream", "{\"StreamName\":").getMessage()).isNull();
        assertThat(jsonError("CreateStream", "{\"StreamName\":\"s\"} trailing").getMessage()).isNull();
        assertThat(jsonError("CreateStream", "\"just a string\"").getMessage()).isNull();
        assertThat(jsonError("CreateStream", "   ").getMessage()).isNull();
    }

    @Test
    void malformed_cbor_is_a_serialization_exception() {
        byte[] truncated = cbor(gen -> {
            gen.writeStartObject();
            gen.writeStringField("StreamName", "orders");
            gen.writeEndObject();
        });
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 4);

        for (byte[] body : new byte[][] {cut, {(byte) 0xFF}, {(byte) 0xBF, 0x61}}) {
            Thrown.by(SerializationException.class,
                    () -> Codec.decodeRequest(WireFormat.CBOR, "CreateStream", body, JsonNode.class));
        }
    }

    @Test
    void json_sent_as_cbor_does_not_parse() {
        Thrown.by(SerializationException.class, () -> Codec.decodeRequest(WireFormat.CBOR, "CreateStream",
                "{\"StreamName\":\"s\"}".getBytes(UTF_8), JsonNode.class));
    }

    @Test
    void a_top_level_list_is_where_no_list_is_expected() {
        assertThat(jsonMessage("CreateStream", "[]")).isEqualTo("Start of list found where not expected");
    }

    @Test
    void a_string_or_boolean_where_an_integer_is_expected_names_the_java_class() {
        assertThat(jsonMessage("CreateStream", "{\"ShardCount\":\"1\"}"))
                .isEqualTo("class java.lang.String can not be converted to an Integer");
        assertThat(jsonMessage("CreateStream", "{\"ShardCount\":true}"))
                .isEqualTo("class java.lang.Boolean can not be converted to an Integer");
        assertThat(jsonMessage("CreateStream", "{\"ShardCount\":[]}")).isEqualTo("Start of list found where not expected");
        assertThat(jsonMessage("CreateStream", "{\"ShardCount\":{}}"))
                .isEqualTo("Start of structure or map found where not expected.");
    }

    @Test
    void a_number_or_boolean_where_a_string_is_expected_names_the_java_class() {
        assertThat(jsonMessage("CreateStream", "{\"StreamName\":23}")).isEqualTo(NUMBER_CLASS + " can not be converted to an String");
        assertThat(jsonMessage("CreateStream", "{\"StreamName\":34.56}")).isEqualTo(NUMBER_CLASS + " can not be converted to an String");
        assertThat(jsonMessage("CreateStream", "{\"StreamName\":false}"))
                .isEqualTo("class java.lang.Boolean can not be converted to an String");
    }

    @Test
    void an_object_or_scalar_where_a_list_is_expected() {
        assertThat(jsonMessage("PutRecords", "{\"Records\":{}}")).isEqualTo("Start of structure or map found where not expected.");
        assertThat(jsonMessage("PutRecords", "{\"Records\":\"r\"}")).isEqualTo("Expected list or null");
        assertThat(jsonMessage("PutRecords", "{\"Records\":[\"r\"]}")).isEqualTo("Expected null");
        assertThat(jsonMessage("PutRecords", "{\"Records\":[[]]}")).isEqualTo("Start of list found where not expected");
    }

    @Test
    void a_list_or_scalar_where_a_map_or_structure_is_expected() {
        assertThat(jsonMessage("AddTagsToStream", "{\"Tags\":[]}")).isEqualTo("Start of list found where not expected");
        assertThat(jsonMessage("AddTagsToStream", "{\"Tags\":7}")).isEqualTo("Expected map or null");
        assertThat(jsonMessage("AddTagsToStream", "{\"Tags\":{\"a\":1}}")).isEqualTo(NUMBER_CLASS + " can not be converted to an String");
        assertThat(jsonMessage("CreateStream", "{\"StreamModeDetails\":\"ON_DEMAND\"}")).isEqualTo("Expected null");
    }

    @Test
    void blobs_that_are_not_canonical_base64_are_rejected_with_aws_reasons() {
        assertThat(jsonMessage("PutRecord", "{\"Data\":\"23456\"}")).isEqualTo(
                "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5");
        assertThat(jsonMessage("PutRecord", "{\"Data\":\"=+/=\"}"))
                .isEqualTo("'=+/=' can not be converted to a Blob: Invalid Base64 character: '='");
        assertThat(jsonMessage("PutRecord", "{\"Data\":\"ab$d\"}"))
                .isEqualTo("'ab$d' can not be converted to a Blob: Invalid Base64 character: '$'");
        assertThat(jsonMessage("PutRecord", "{\"Data\":\"+/+=\"}"))
                .isEqualTo("'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
        assertThat(jsonMessage("PutRecord", "{\"Data\":\"A===\"}"))
                .isEqualTo("'A===' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
    }

    @Test
    void a_non_string_blob_names_the_java_class() {
        assertThat(jsonMessage("PutRecord", "{\"Data\":true}")).isEqualTo("class java.lang.Boolean can not be converted to a Blob");
        assertThat(jsonMessage("PutRecord", "{\"Data\":23}")).isEqualTo(NUMBER_CLASS + " can not be converted to a Blob");
        assertThat(jsonMessage("PutRecord", "{\"Data\":{}}")).isEqualTo("Start of structure or map found where not expected.");
    }

    @Test
    void a_timestamp_that_is_not_a_number_cannot_be_milliseconds_since_epoch() {
        assertThat(jsonMessage("ListShards", "{\"StreamCreationTimestamp\":\"2024-01-01T00:00:00Z\"}"))
                .isEqualTo("class java.lang.String can not be converted to milliseconds since epoch");
        assertThat(jsonMessage("ListShards", "{\"StreamCreationTimestamp\":true}"))
                .isEqualTo("class java.lang.Boolean can not be converted to milliseconds since epoch");
    }

    @Test
    void booleans_accept_boolean_words_and_reject_other_strings_in_upper_case() {
        DeleteStreamInput yes = Codec.decodeRequest(WireFormat.JSON, "DeleteStream",
                "{\"StreamName\":\"s\",\"EnforceConsumerDeletion\":\"yes\"}".getBytes(UTF_8), DeleteStreamInput.class);

        assertThat(yes.enforceConsumerDeletion()).isTrue();
        assertThat(jsonMessage("DeleteStream", "{\"EnforceConsumerDeletion\":\"maybe\"}"))
                .isEqualTo("'MAYBE' can not be converted to an Boolean");
        assertThat(jsonMessage("DeleteStream", "{\"EnforceConsumerDeletion\":1}"))
                .isEqualTo(NUMBER_CLASS + " can not be converted to an Boolean");
    }

    @Test
    void the_first_wrong_kind_in_document_order_wins_over_every_constraint() {
        assertThat(jsonMessage("CreateStream", "{\"StreamName\":\"bad name\",\"ShardCount\":\"x\",\"Tags\":[]}"))
                .isEqualTo("class java.lang.String can not be converted to an Integer");
    }

    @Test
    void wrong_kinds_in_cbor_get_the_same_messages() {
        byte[] body = cbor(gen -> {
            gen.writeStartObject();
            gen.writeNumberField("StreamName", 5);
            gen.writeEndObject();
        });

        SerializationException e = Thrown.by(SerializationException.class,
                () -> Codec.decodeRequest(WireFormat.CBOR, "CreateStream", body, JsonNode.class));

        assertThat(e.getMessage()).isEqualTo(NUMBER_CLASS + " can not be converted to an String");
    }

    @Test
    void an_operation_the_model_does_not_define_is_unknown() {
        Thrown.by(UnknownOperationException.class,
                () -> Codec.decodeRequest(WireFormat.JSON, "PutRecordz", "{}".getBytes(UTF_8), JsonNode.class));
    }
}
