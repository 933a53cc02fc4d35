package dev.freshet.streams;

import static dev.freshet.streams.EngineFixture.CALLER;
import static dev.freshet.streams.EngineFixture.DELAY;
import static dev.freshet.streams.EngineFixture.arn;
import static dev.freshet.streams.EngineFixture.describe;
import static dev.freshet.streams.EngineFixture.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DeleteResourcePolicyRequest;
import dev.freshet.api.DisableEnhancedMonitoringRequest;
import dev.freshet.api.EnableEnhancedMonitoringRequest;
import dev.freshet.api.EncryptionType;
import dev.freshet.api.EnhancedMetrics;
import dev.freshet.api.EnhancedMonitoringResponse;
import dev.freshet.api.GetResourcePolicyRequest;
import dev.freshet.api.MinimumThroughputBillingCommitmentInput;
import dev.freshet.api.MinimumThroughputBillingCommitmentInputStatus;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutResourcePolicyRequest;
import dev.freshet.api.StartStreamEncryptionRequest;
import dev.freshet.api.StopStreamEncryptionRequest;
import dev.freshet.api.StreamDescriptionSummary;
import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamModeDetails;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.UpdateAccountSettingsRequest;
import dev.freshet.api.UpdateMaxRecordSizeRequest;
import dev.freshet.api.UpdateStreamWarmThroughputRequest;
import dev.freshet.api.UpdateStreamWarmThroughputResponse;
import dev.freshet.api.WarmThroughputObject;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.api.errors.ValidationException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enhanced monitoring, encryption, resource policies, maximum record size and warm throughput on
 * the engine, and how DescribeStream and DescribeStreamSummary show them.
 */
class StreamSettingsTest {

    private static final List<String> SEVEN = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes",
            "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");

    private final EngineFixture fixture = new EngineFixture();
    private StreamEngine engine;

    @BeforeEach
    void stream() throws IOException {
        engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private EnhancedMonitoringResponse enable(String... metrics) {
        return engine.enableEnhancedMonitoring(CALLER, new EnableEnhancedMonitoringRequest("s", List.of(metrics), null));
    }

    private EnhancedMonitoringResponse disable(String... metrics) {
        return engine.disableEnhancedMonitoring(CALLER,
                new DisableEnhancedMonitoringRequest("s", List.of(metrics), null));
    }

    @Test
    void a_new_stream_shows_no_metrics_no_encryption_and_a_1024_kib_record_limit() {
        assertThat(describe(engine, "s").enhancedMonitoring()).containsExactly(new EnhancedMetrics(List.of()));
        assertThat(describe(engine, "s").encryptionType()).isEqualTo(EncryptionType.NONE);
        StreamDescriptionSummary summary = summary(engine, "s");
        assertThat(summary.enhancedMonitoring()).containsExactly(new EnhancedMetrics(List.of()));
        assertThat(summary.encryptionType()).isEqualTo(EncryptionType.NONE);
        assertThat(summary.keyId()).isNull();
        assertThat(summary.maxRecordSizeInKiB()).isEqualTo(1024);
        assertThat(summary.warmThroughput()).isNull();
        assertThat(summary.consumerCount()).isZero();
    }

    @Test
    void enabling_metrics_answers_current_and_desired_lists_and_describe_shows_the_desired_ones() {
        EnhancedMonitoringResponse first = enable("OutgoingBytes", "IncomingBytes");
        assertThat(first.currentShardLevelMetrics()).isEmpty();
        assertThat(first.desiredShardLevelMetrics()).containsExactly("IncomingBytes", "OutgoingBytes");
        assertThat(first.streamName()).isEqualTo("s");
        assertThat(first.streamARN()).isEqualTo(arn("s"));
        EnhancedMonitoringResponse second = disable("IncomingBytes", "IteratorAgeMilliseconds");
        assertThat(second.currentShardLevelMetrics()).containsExactly("IncomingBytes", "OutgoingBytes");
        assertThat(second.desiredShardLevelMetrics()).containsExactly("OutgoingBytes");
        assertThat(describe(engine, "s").enhancedMonitoring())
                .containsExactly(new EnhancedMetrics(List.of("OutgoingBytes")));
        assertThat(summary(engine, "s").enhancedMonitoring())
                .containsExactly(new EnhancedMetrics(List.of("OutgoingBytes")));
        assertThat(summary(engine, "s").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
    }

    @Test
    void all_stands_for_the_seven_metrics_when_enabling_and_disabling() {
        EnhancedMonitoringResponse enabled = enable("ALL");
        assertThat(enabled.desiredShardLevelMetrics()).isEqualTo(SEVEN);
        assertThat(describe(engine, "s").enhancedMonitoring()).containsExactly(new EnhancedMetrics(SEVEN));
        EnhancedMonitoringResponse disabled = disable("ALL");
        assertThat(disabled.currentShardLevelMetrics()).isEqualTo(SEVEN);
        assertThat(disabled.desiredShardLevelMetrics()).isEmpty();
    }

    @Test
    void starting_encryption_leaves_the_stream_updating_then_active_with_kms_and_its_key() {
        engine.startStreamEncryption(CALLER, new StartStreamEncryptionRequest("s", EncryptionType.KMS, "alias/aws/kinesis",
                null));
        assertThat(summary(engine, "s").streamStatus()).isEqualTo(StreamStatus.UPDATING);
        assertThat(summary(engine, "s").encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(summary(engine, "s").keyId()).isEqualTo("alias/aws/kinesis");
        assertThatThrownBy(() -> engine.startStreamEncryption(CALLER, new StartStreamEncryptionRequest("s",
                EncryptionType.KMS, "alias/other", null))).isInstanceOf(ResourceInUseException.class)
                .hasMessage("Stream s under account 123456789012 not ACTIVE, instead in state UPDATING");
        fixture.clock.advance(DELAY);
        assertThat(describe(engine, "s").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(describe(engine, "s").encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(describe(engine, "s").keyId()).isEqualTo("alias/aws/kinesis");
    }

    @Test
    void encryption_type_none_is_refused() {
        assertThatThrownBy(() -> engine.startStreamEncryption(CALLER, new StartStreamEncryptionRequest("s",
                EncryptionType.NONE, "alias/k", null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid EncryptionType NONE. KMS is the only encryption type supported.");
        assertThat(summary(engine, "s").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
    }

    @Test
    void stopping_needs_the_key_in_use_and_then_leaves_the_stream_unencrypted() {
        assertThatThrownBy(() -> engine.stopStreamEncryption(CALLER, new StopStreamEncryptionRequest("s",
                EncryptionType.KMS, "alias/k", null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Stream s under account 123456789012 is not encrypted.");
        engine.startStreamEncryption(CALLER, new StartStreamEncryptionRequest("s", EncryptionType.KMS, "alias/k",
                null));
        fixture.clock.advance(DELAY);
        assertThatThrownBy(() -> engine.stopStreamEncryption(CALLER, new StopStreamEncryptionRequest("s",
                EncryptionType.KMS, "alias/other", null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("The KeyId alias/other does not match the KeyId used to encrypt stream s under account "
                        + "123456789012.");
        engine.stopStreamEncryption(CALLER, new StopStreamEncryptionRequest(null, EncryptionType.KMS, "alias/k",
                arn("s")));
        assertThat(summary(engine, "s").streamStatus()).isEqualTo(StreamStatus.UPDATING);
        fixture.clock.advance(DELAY);
        assertThat(summary(engine, "s").encryptionType()).isEqualTo(EncryptionType.NONE);
        assertThat(summary(engine, "s").keyId()).isNull();
        assertThat(summary(engine, "s").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
    }

    @Test
    void a_resource_policy_is_returned_as_stored_and_empty_braces_mean_none() {
        assertThat(engine.getResourcePolicy(CALLER, new GetResourcePolicyRequest(arn("s"))).policy()).isEqualTo("{}");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        engine.putResourcePolicy(CALLER, new PutResourcePolicyRequest(arn("s"), policy));
        assertThat(engine.getResourcePolicy(CALLER, new GetResourcePolicyRequest(arn("s"))).policy())
                .isEqualTo(policy);
        engine.deleteResourcePolicy(CALLER, new DeleteResourcePolicyRequest(arn("s")));
        assertThat(engine.getResourcePolicy(CALLER, new GetResourcePolicyRequest(arn("s"))).policy()).isEqualTo("{}");
        assertThatThrownBy(() -> engine.deleteResourcePolicy(CALLER, new DeleteResourcePolicyRequest(arn("s"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("No resource policy found for resource ARN " + arn("s") + ".");
    }

    @Test
    void a_policy_that_is_not_a_json_object_is_refused() {
        for (String policy : List.of("[]", "\"text\"", "not json", "{} {}", "")) {
            assertThatThrownBy(() -> engine.putResourcePolicy(CALLER, new PutResourcePolicyRequest(arn("s"), policy)))
                    .isInstanceOf(InvalidArgumentException.class).hasMessage("Policy is not a valid JSON object.");
        }
        assertThatThrownBy(() -> engine.putResourcePolicy(CALLER,
                new PutResourcePolicyRequest(arn("s") + "/consumer/c:1", "{}")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> engine.getResourcePolicy(CALLER, new GetResourcePolicyRequest(arn("missing"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream missing under account 123456789012 not found.");
    }

    @Test
    void records_up_to_the_raised_maximum_are_accepted_and_larger_ones_refused() {
        byte[] twoMiB = new byte[2 << 20];
        assertThatThrownBy(() -> engine.putRecord(CALLER, new PutRecordRequest("s", twoMiB, "k", null, null, null)))
                .isInstanceOf(ValidationException.class);
        engine.updateMaxRecordSize(CALLER, new UpdateMaxRecordSizeRequest(arn("s"), 2048));
        assertThat(summary(engine, "s").maxRecordSizeInKiB()).isEqualTo(2048);
        assertThat(summary(engine, "s").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        engine.putRecord(CALLER, new PutRecordRequest("s", twoMiB, "k", null, null, null)).join();
        assertThatThrownBy(() -> engine.putRecord(CALLER,
                new PutRecordRequest("s", new byte[(2 << 20) + 1], "k", null, null, null)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void create_stream_keeps_the_maximum_record_size_asked_for() {
        engine.createStream(CALLER, new CreateStreamRequest("big", 1, null, null, null, 10240));
        assertThat(summary(engine, "big").maxRecordSizeInKiB()).isEqualTo(10240);
    }

    private void commit() {
        engine.updateAccountSettings(CALLER, new UpdateAccountSettingsRequest(
                new MinimumThroughputBillingCommitmentInput(MinimumThroughputBillingCommitmentInputStatus.ENABLED)));
    }

    private UpdateStreamWarmThroughputResponse warm(String stream, int mibps) {
        return engine.updateStreamWarmThroughput(CALLER, new UpdateStreamWarmThroughputRequest(null, stream, mibps));
    }

    @Test
    void warm_throughput_moves_from_the_current_value_to_the_target_while_updating() {
        commit();
        fixture.createOnDemand(engine, "od");
        assertThat(summary(engine, "od").warmThroughput()).isEqualTo(new WarmThroughputObject(null, 4));
        UpdateStreamWarmThroughputResponse response = warm("od", 100);
        assertThat(response.warmThroughput()).isEqualTo(new WarmThroughputObject(100, 4));
        assertThat(response.streamName()).isEqualTo("od");
        assertThat(response.streamARN()).isEqualTo(arn("od"));
        assertThat(summary(engine, "od").streamStatus()).isEqualTo(StreamStatus.UPDATING);
        assertThat(summary(engine, "od").warmThroughput()).isEqualTo(new WarmThroughputObject(100, 4));
        fixture.clock.advance(DELAY);
        assertThat(summary(engine, "od").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(summary(engine, "od").warmThroughput()).isEqualTo(new WarmThroughputObject(100, 100));
        assertThat(warm("od", 50).warmThroughput()).isEqualTo(new WarmThroughputObject(50, 100));
    }

    @Test
    void warm_throughput_is_refused_for_provisioned_streams_uncommitted_accounts_and_above_10_gibps() {
        fixture.createOnDemand(engine, "od");
        assertThatThrownBy(() -> warm("od", 100)).isInstanceOf(ValidationException.class)
                .hasMessage("Request is invalid. Account 123456789012 does not have MinimumThroughputBillingCommitment "
                        + "enabled in us-east-1.");
        assertThat(summary(engine, "od").warmThroughput()).isNull();
        commit();
        assertThatThrownBy(() -> warm("s", 100)).isInstanceOf(ValidationException.class)
                .hasMessage("Request is invalid. Stream s under account 123456789012 is in Provisioned mode.");
        assertThat(summary(engine, "s").warmThroughput()).isNull();
        assertThatThrownBy(() -> warm("od", 10241)).isInstanceOf(LimitExceededException.class)
                .hasMessage("Requested warm throughput of 10241 MiBps for stream od under account 123456789012 "
                        + "exceeds the limit of 10240 MiBps.");
        assertThat(summary(engine, "od").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        warm("od", 10240);
    }

    @Test
    void create_stream_warm_throughput_follows_the_same_rules() {
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("od", null,
                new StreamModeDetails(StreamMode.ON_DEMAND), null, 100, null)))
                .isInstanceOf(ValidationException.class);
        commit();
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("p", 1, null, null, 100, null)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Request is invalid. Stream p under account 123456789012 is in Provisioned mode.");
        engine.createStream(CALLER, new CreateStreamRequest("od", null, new StreamModeDetails(StreamMode.ON_DEMAND),
                null, 100, null));
        fixture.clock.advance(DELAY);
        assertThat(summary(engine, "od").warmThroughput()).isEqualTo(new WarmThroughputObject(100, 100));
    }

    @Test
    void settings_that_need_an_active_stream_are_refused_while_it_is_creating() {
        engine.createStream(CALLER, new CreateStreamRequest("new", 1, null, null, null, null));
        String creating = "Stream new under account 123456789012 not ACTIVE, instead in state CREATING";
        assertThatThrownBy(() -> engine.enableEnhancedMonitoring(CALLER,
                new EnableEnhancedMonitoringRequest("new", List.of("ALL"), null)))
                .isInstanceOf(ResourceInUseException.class).hasMessage(creating);
        assertThatThrownBy(() -> engine.updateMaxRecordSize(CALLER, new UpdateMaxRecordSizeRequest(arn("new"), 2048)))
                .isInstanceOf(ResourceInUseException.class).hasMessage(creating);
        assertThatThrownBy(() -> engine.putResourcePolicy(CALLER, new PutResourcePolicyRequest(arn("new"), "{}")))
                .isInstanceOf(ResourceInUseException.class).hasMessage(creating);
    }
}
