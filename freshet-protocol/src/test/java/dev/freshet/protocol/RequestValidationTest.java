package dev.freshet.protocol;

import static dev.freshet.protocol.CborBodies.cbor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.errors.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * Constraint violations, with AWS's exact text. Where a message is one AWS really returned (as
 * recorded in kinesalite's test suite), the test says so.
 */
class RequestValidationTest {

    private static final String NAME_129 = "a".repeat(129);
    private static final String NAME_PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";


    private String messageFor(String operation, String json) {
        return Thrown.by(ValidationException.class,
                () -> Codec.decodeRequest(WireFormat.JSON, operation, json.getBytes(UTF_8), JsonNode.class))
                .getMessage();
    }

    @Test
    void a_stream_name_with_a_space_fails_the_whole_string_pattern() {
        assertThat(messageFor("CreateStream", "{\"StreamName\":\"a b\"}")).isEqualTo(
                "1 validation error detected: Value 'a b' at 'streamName' failed to satisfy constraint: " + NAME_PATTERN);
        assertThat(messageFor("CreateStream", "{\"StreamName\":\"abc!\"}"))
                .startsWith("1 validation error detected: Value 'abc!' at 'streamName'");
    }

    @Test
    void a_missing_required_member_must_not_be_null() {
        assertThat(messageFor("PutRecords", "{\"StreamName\":\"s\"}")).isEqualTo(
                "1 validation error detected: Value null at 'records' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void two_violations_are_counted_and_joined_with_semicolons_in_aws_member_order() {
        assertThat(messageFor("PutRecord", "{}")).isEqualTo("2 validation errors detected: "
                + "Value null at 'partitionKey' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'data' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void an_empty_stream_name_fails_pattern_then_length_after_the_shard_count_range_as_aws_reported() {
        assertThat(messageFor("CreateStream", "{\"StreamName\":\"\",\"ShardCount\":0}")).isEqualTo(
                "3 validation errors detected: "
                + "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; "
                + "Value '' at 'streamName' failed to satisfy constraint: " + NAME_PATTERN + "; "
                + "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void over_long_strings_and_over_large_numbers_fail_their_upper_bounds_as_aws_reported() {
        assertThat(messageFor("DescribeStream", "{\"StreamName\":\"" + NAME_129 + "\",\"Limit\":100000,"
                + "\"ExclusiveStartShardId\":\"" + NAME_129 + "\"}")).isEqualTo("3 validation errors detected: "
                + "Value '100000' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000; "
                + "Value '" + NAME_129 + "' at 'exclusiveStartShardId' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128; "
                + "Value '" + NAME_129 + "' at 'streamName' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128");
    }

    @Test
    void list_entries_are_checked_under_one_based_member_paths_as_aws_reported() {
        assertThat(messageFor("PutRecords",
                "{\"StreamName\":\"\",\"Records\":[{\"PartitionKey\":\"\",\"Data\":\"\",\"ExplicitHashKey\":\"\"}]}"))
                .isEqualTo("4 validation errors detected: "
                        + "Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1; "
                        + "Value '' at 'records.1.member.explicitHashKey' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38}); "
                        + "Value '' at 'streamName' failed to satisfy constraint: " + NAME_PATTERN + "; "
                        + "Value '' at 'streamName' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void a_missing_member_of_the_second_entry_is_reported_at_its_path() {
        assertThat(messageFor("PutRecords",
                "{\"StreamName\":\"s\",\"Records\":[{\"PartitionKey\":\"a\",\"Data\":\"\"},{\"Data\":\"\"}]}"))
                .isEqualTo("1 validation error detected: Value null at 'records.2.member.partitionKey' "
                        + "failed to satisfy constraint: Member must not be null");
    }

    @Test
    void a_blob_over_the_model_limit_is_rendered_as_a_heap_byte_buffer() {
        byte[] body = cbor(gen -> {
            gen.writeStartObject();
            gen.writeStringField("StreamName", "s");
            gen.writeStringField("PartitionKey", "k");
            gen.writeFieldName("Data");
            gen.writeBinary(new byte[10 * 1024 * 1024 + 1]);
            gen.writeEndObject();
        });

        ValidationException e = Thrown.by(ValidationException.class,
                () -> Codec.decodeRequest(WireFormat.CBOR, "PutRecord", body, JsonNode.class));

        assertThat(e.getMessage()).isEqualTo("1 validation error detected: "
                + "Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]' at 'data' "
                + "failed to satisfy constraint: Member must have length less than or equal to 10485760");
    }

    @Test
    void an_unknown_enum_value_lists_the_allowed_set() {
        assertThat(messageFor("CreateStream", "{\"StreamName\":\"s\",\"StreamModeDetails\":{\"StreamMode\":\"FAST\"}}"))
                .isEqualTo("1 validation error detected: Value 'FAST' at 'streamModeDetails.streamMode' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
    }

    @Test
    void the_shard_iterator_type_set_is_listed_in_the_order_aws_lists_it() {
        assertThat(messageFor("GetShardIterator",
                "{\"StreamName\":\"s\",\"ShardId\":\"shardId-0\",\"ShardIteratorType\":\"\"}"))
                .isEqualTo("1 validation error detected: Value '' at 'shardIteratorType' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: "
                        + "[AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
    }

    @Test
    void a_required_member_of_a_nested_structure_has_a_dotted_path() {
        assertThat(messageFor("ListShards", "{\"StreamName\":\"s\",\"ShardFilter\":{\"ShardId\":\"x\"}}"))
                .isEqualTo("1 validation error detected: Value null at 'shardFilter.type' "
                        + "failed to satisfy constraint: Member must not be null");
    }

    @Test
    void fractional_numbers_are_floored_and_huge_ones_clamped_before_range_checks() {
        assertThat(messageFor("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":0.9}"))
                .isEqualTo("1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertThat(messageFor("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":1e20}"))
                .isEqualTo("1 validation error detected: Value '2147483647' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 10000");
    }

    @Test
    void numbers_with_extreme_exponents_truncate_without_expanding_them() {
        assertThat(messageFor("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":1e-999999999}"))
                .isEqualTo("1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertThat(messageFor("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":-1e999999999}"))
                .startsWith("1 validation error detected: Value '-2147483648' at 'maxResults'");
    }

    @Test
    void a_value_far_beyond_its_length_limit_is_not_run_through_a_backtracking_pattern() {
        String arn = "arn:aws" + ":kinesis:".repeat(100_000);

        assertThat(messageFor("DescribeStreamSummary", "{\"StreamARN\":\"" + arn + "\"}"))
                .isEqualTo("1 validation error detected: Value '" + arn + "' at 'streamARN' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 2048");
    }

    @Test
    void an_empty_list_and_an_empty_map_fail_their_minimum_length() {
        assertThat(messageFor("PutRecords", "{\"StreamName\":\"s\",\"Records\":[]}"))
                .isEqualTo("1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
        assertThat(messageFor("AddTagsToStream", "{\"StreamName\":\"s\",\"Tags\":{}}"))
                .isEqualTo("1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void a_bad_element_of_a_string_list_is_reported_once_for_the_whole_list_as_aws_reported() {
        assertThat(messageFor("RemoveTagsFromStream",
                "{\"StreamName\":\"s\",\"TagKeys\":[\"a\",\"" + NAME_129 + "\",\"b\"]}"))
                .isEqualTo("1 validation error detected: Value '[a, " + NAME_129 + ", b]' at 'tagKeys' "
                        + "failed to satisfy constraint: Member must satisfy constraint: "
                        + "[Member must have length less than or equal to 128, "
                        + "Member must have length greater than or equal to 1]");
    }

    @Test
    void bad_map_keys_and_values_are_reported_for_the_whole_map_as_aws_reported() {
        assertThat(messageFor("AddTagsToStream", "{\"StreamName\":\"s\",\"Tags\":{\"a\":\"1\",\"" + NAME_129 + "\":\"3\"}}"))
                .isEqualTo("1 validation error detected: Value '{a=1, " + NAME_129 + "=3}' at 'tags' "
                        + "failed to satisfy constraint: Map keys must satisfy constraint: "
                        + "[Member must have length less than or equal to 128, "
                        + "Member must have length greater than or equal to 1]");
        String value257 = "v".repeat(257);
        assertThat(messageFor("AddTagsToStream", "{\"StreamName\":\"s\",\"Tags\":{\"c\":\"" + value257 + "\"}}"))
                .isEqualTo("1 validation error detected: Value '{c=" + value257 + "}' at 'tags' "
                        + "failed to satisfy constraint: Map value must satisfy constraint: "
                        + "[Member must have length less than or equal to 256, "
                        + "Member must have length greater than or equal to 0]");
    }

    @Test
    void an_enum_list_element_outside_the_set_lists_the_element_constraints() {
        assertThat(messageFor("EnableEnhancedMonitoring",
                "{\"StreamName\":\"s\",\"ShardLevelMetrics\":[\"ALL\",\"Nope\"]}"))
                .isEqualTo("1 validation error detected: Value '[ALL, Nope]' at 'shardLevelMetrics' "
                        + "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
                        + "[IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, "
                        + "WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, "
                        + "IteratorAgeMilliseconds, ALL]]");
    }

    @Test
    void at_most_ten_violations_are_reported_and_counted_as_aws_does() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            records.append(i == 0 ? "" : ",").append("{\"PartitionKey\":\"\",\"Data\":\"\"}");
        }

        String message = messageFor("PutRecords", "{\"StreamName\":\"\",\"Records\":[" + records + "]}");

        assertThat(message).startsWith("10 validation errors detected: Value '[com.amazonaws.kinesis.v20131202."
                + "PutRecordsRequestEntry@");
        assertThat(message).contains("]' at 'records' failed to satisfy constraint: "
                + "Member must have length less than or equal to 500; "
                + "Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1; ");
        assertThat(message).endsWith("Value '' at 'records.9.member.partitionKey' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1");
        assertThat(message.split("; ")).hasSize(10);
    }

    @Test
    void a_null_entry_in_a_list_of_structures_must_not_be_null() {
        assertThat(messageFor("PutRecords", "{\"StreamName\":\"s\",\"Records\":[null]}"))
                .isEqualTo("1 validation error detected: Value null at 'records.1.member' "
                        + "failed to satisfy constraint: Member must not be null");
    }

    @Test
    void arn_patterns_from_the_model_are_applied_to_the_whole_value() {
        assertThat(messageFor("DescribeStreamSummary", "{\"StreamARN\":\"arn:aws:kinesis:us-east-1:12:stream/s\"}"))
                .isEqualTo("1 validation error detected: Value 'arn:aws:kinesis:us-east-1:12:stream/s' at 'streamARN' "
                        + "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
        assertThat(messageFor("PutRecord", "{\"PartitionKey\":\"k\",\"Data\":\"\",\"ExplicitHashKey\":\"12x\"}"))
                .isEqualTo("1 validation error detected: Value '12x' at 'explicitHashKey' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
    }

    @Test
    void a_valid_request_passes_every_check() {
        JsonNode ok = Codec.decodeRequest(WireFormat.JSON, "PutRecords", ("{\"StreamName\":\"s\",\"Records\":"
                + "[{\"PartitionKey\":\"k\",\"Data\":\"AA==\",\"ExplicitHashKey\":\"0\"}]}").getBytes(UTF_8), JsonNode.class);

        assertThat(ok.at("/Records/0/PartitionKey").asText()).isEqualTo("k");
    }
}
