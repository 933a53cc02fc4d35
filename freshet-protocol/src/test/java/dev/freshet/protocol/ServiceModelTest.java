package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceModelTest {

    private final ServiceModel model = ServiceModel.kinesis();

    @Test
    void the_trimmed_model_loads_with_all_39_kinesis_operations() {
        assertThat(model.operationNames()).hasSize(39)
                .contains("CreateStream", "PutRecord", "PutRecords", "GetRecords", "SubscribeToShard",
                        "UpdateStreamWarmThroughput", "ListTagsForResource");
    }

    @Test
    void the_model_names_the_botocore_release_it_came_from() {
        assertThat(model.botocoreVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(model.targetPrefix()).isEqualTo("Kinesis_20131202");
    }

    @Test
    void operations_resolve_to_their_input_shapes_and_errors() {
        Operation putRecords = model.operation("PutRecords");
        assertThat(putRecords.input()).isEqualTo("PutRecordsInput");
        assertThat(putRecords.output()).isEqualTo("PutRecordsOutput");
        assertThat(putRecords.errors()).contains("ResourceNotFoundException", "ProvisionedThroughputExceededException");
        assertThat(model.hasOperation("putRecords")).isFalse();
        assertThat(model.operation("NoSuchOperation")).isNull();
    }

    @Test
    void shapes_keep_the_constraints_validation_needs() {
        Shape streamName = model.shape("StreamName");
        assertThat(streamName.type()).isEqualTo(Shape.Type.STRING);
        assertThat(streamName.min()).isEqualTo(1L);
        assertThat(streamName.max()).isEqualTo(128L);
        assertThat(streamName.pattern().pattern()).isEqualTo("[a-zA-Z0-9_.-]+");
        assertThat(model.shape("StreamMode").enumValues()).containsExactly("PROVISIONED", "ON_DEMAND");
        assertThat(model.shape("TagMap").mapKey()).isEqualTo("TagKey");
        assertThat(model.shape("PutRecordsRequestEntryList").listMember()).isEqualTo("PutRecordsRequestEntry");
    }

    @Test
    void every_member_name_survives_the_lower_camel_record_to_upper_camel_wire_mapping() {
        var naming = new com.fasterxml.jackson.databind.PropertyNamingStrategies.UpperCamelCaseStrategy();
        for (Shape shape : model.shapes()) {
            // Error shapes' lowercase "message" is written by the Codec itself, never bound to a record.
            for (Member member : shape.members().stream().filter(m -> !m.name().equals("message")).toList()) {
                assertThat(naming.translate(member.messageName())).as(shape.name()).isEqualTo(member.name());
            }
        }
    }

    @Test
    void structure_members_are_in_the_order_aws_reports_violations() {
        assertThat(model.shape("PutRecordInput").members()).extracting(Member::name).startsWith(
                "SequenceNumberForOrdering", "PartitionKey", "ExplicitHashKey", "Data", "StreamName");
        assertThat(model.shape("PutRecordsRequestEntry").members())
                .extracting(Member::name, Member::required)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PartitionKey", true),
                        org.assertj.core.groups.Tuple.tuple("ExplicitHashKey", false),
                        org.assertj.core.groups.Tuple.tuple("Data", true));
    }
}
