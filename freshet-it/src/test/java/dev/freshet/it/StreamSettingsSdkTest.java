package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.freshet.server.FreshetServer;
import dev.freshet.server.ServerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListTagsForStreamResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutput;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutputStatus;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.Tag;
import software.amazon.awssdk.services.kinesis.model.UpdateStreamWarmThroughputResponse;

/**
 * The stream settings operations through the AWS SDK for Java v2: retention, tags (by stream and by
 * resource ARN), enhanced monitoring, encryption, resource policies, account settings, maximum
 * record size and warm throughput, each with its happy path and AWS's error type and message for
 * each invalid case. Runs in CBOR and, in the build's second run, in JSON.
 *
 * <p>The server's clock is a {@link ManualClock}, so UPDATING and the 24 hours of a billing
 * commitment are stepped through, not waited for. Each test acts as its own account, so tests share
 * the server without seeing each other's streams and settings.
 */
class StreamSettingsSdkTest {

    private static final Duration UPDATE_DELAY = Duration.ofSeconds(1);
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));

    private static FreshetServer server;

    @BeforeAll
    static void start() throws Exception {
        server = FreshetServer.start(ServerConfig.fromFlags("--in-memory", "--port", "0",
                "--create-stream-delay", "0", "--delete-stream-delay", "0",
                "--update-stream-delay", UPDATE_DELAY.toMillis() + "ms"), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A sync client (HTTP/1.1) acting as {@code account}. */
    private static KinesisClient client(String account) {
        return KinesisClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(Clients.credentials(account))
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60)).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    private static String arn(String account, String stream) {
        return "arn:aws:kinesis:us-east-1:" + account + ":stream/" + stream;
    }

    private static void assertAwsError(Runnable call, String type, String message) {
        Throwable thrown = catchThrowable(call::run);
        if (thrown instanceof CompletionException && thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        assertThat(thrown).isInstanceOf(KinesisException.class);
        KinesisException error = (KinesisException) thrown;
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(type);
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(error.statusCode()).isEqualTo(400);
    }

    private static StreamDescriptionSummary summary(KinesisClient kinesis, String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
    }

    @Test
    void retention_periods_move_only_their_own_way_between_24_and_8760_hours() {
        String account = "100000000001";
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("r").shardCount(1));
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName("r").retentionPeriodHours(8760));
            assertThat(kinesis.describeStream(b -> b.streamName("r")).streamDescription().retentionPeriodHours())
                    .isEqualTo(8760);
            kinesis.decreaseStreamRetentionPeriod(b -> b.streamARN(arn(account, "r")).retentionPeriodHours(48));
            assertThat(summary(kinesis, "r").retentionPeriodHours()).isEqualTo(48);
            assertThat(summary(kinesis, "r").streamStatus()).isEqualTo(StreamStatus.ACTIVE);

            assertAwsError(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName("r").retentionPeriodHours(47)),
                    "InvalidArgumentException", "Requested retention period (47 hours) for stream r can not be "
                            + "shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.");
            assertAwsError(() -> kinesis.decreaseStreamRetentionPeriod(b -> b.streamName("r").retentionPeriodHours(49)),
                    "InvalidArgumentException", "Requested retention period (49 hours) for stream r can not be "
                            + "longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.");
            assertAwsError(() -> kinesis.decreaseStreamRetentionPeriod(b -> b.streamName("r").retentionPeriodHours(23)),
                    "InvalidArgumentException", "Minimum allowed retention period is 24 hours. Requested retention "
                            + "period (23 hours) is too short.");
            assertAwsError(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName("r")
                            .retentionPeriodHours(8761)),
                    "InvalidArgumentException", "Maximum allowed retention period is 8760 hours. Requested retention "
                            + "period (8761 hours) is too long.");
            assertAwsError(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName("nope")
                            .retentionPeriodHours(48)),
                    "ResourceNotFoundException", "Stream nope under account " + account + " not found.");
            assertThat(summary(kinesis, "r").retentionPeriodHours()).isEqualTo(48);
        }
    }

    @Test
    void tags_by_stream_name_are_checked_sorted_and_paged() {
        String account = "100000000002";
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("t").shardCount(1).tags(Map.of("created", "yes")));
            kinesis.addTagsToStream(b -> b.streamName("t").tags(Map.of("b", "2", "a", "1", "team:data", "ü 0_./=+-@:")));
            kinesis.addTagsToStream(b -> b.streamName("t").tags(Map.of("a", "one")));
            ListTagsForStreamResponse all = kinesis.listTagsForStream(b -> b.streamName("t"));
            assertThat(all.tags()).containsExactly(tag("a", "one"), tag("b", "2"), tag("created", "yes"),
                    tag("team:data", "ü 0_./=+-@:"));
            assertThat(all.hasMoreTags()).isFalse();
            ListTagsForStreamResponse first = kinesis.listTagsForStream(b -> b.streamName("t").limit(2));
            assertThat(first.tags()).extracting(Tag::key).containsExactly("a", "b");
            assertThat(first.hasMoreTags()).isTrue();
            ListTagsForStreamResponse rest = kinesis.listTagsForStream(b -> b.streamName("t")
                    .exclusiveStartTagKey("b").limit(2));
            assertThat(rest.tags()).extracting(Tag::key).containsExactly("created", "team:data");
            assertThat(rest.hasMoreTags()).isFalse();
            kinesis.removeTagsFromStream(b -> b.streamARN(arn(account, "t")).tagKeys("b", "not-there"));
            assertThat(kinesis.listTagsForStream(b -> b.streamName("t")).tags()).extracting(Tag::key)
                    .containsExactly("a", "created", "team:data");

            String invalid = "Some tags contain invalid characters. Valid characters: Unicode letters, digits, "
                    + "white space, _ . / = + - % @.";
            assertAwsError(() -> kinesis.addTagsToStream(b -> b.streamName("t").tags(Map.of("a;b", "1"))),
                    "InvalidArgumentException", invalid);
            assertAwsError(() -> kinesis.addTagsToStream(b -> b.streamName("t").tags(Map.of("k", "tab\there"))),
                    "InvalidArgumentException", invalid);
            assertAwsError(() -> kinesis.removeTagsFromStream(b -> b.streamName("t").tagKeys("a,b")),
                    "InvalidArgumentException", invalid);
            assertAwsError(() -> kinesis.addTagsToStream(b -> b.streamName("t").tags(Map.of("a%b", "1"))),
                    "InvalidArgumentException", "Failed to add tags to stream t under account " + account
                            + " because some tags contained illegal characters. The allowed characters are Unicode "
                            + "letters, white-spaces, '_',',','/','=','+','-','@'.");
            assertAwsError(() -> kinesis.removeTagsFromStream(b -> b.streamName("t").tagKeys("a%b")),
                    "InvalidArgumentException", "Failed to remove tags from stream t under account " + account
                            + " because some tags contained illegal characters. The allowed characters are Unicode "
                            + "letters, white-spaces, '_',',','/','=','+','-','@'.");
            assertAwsError(() -> kinesis.addTagsToStream(b -> b.streamName("t").tags(Map.of("aws:x", "1"))),
                    "InvalidArgumentException", "Failed to add tags to stream t under account " + account
                            + " because tag keys starting with 'aws:' are reserved for system use.");
            Map<String, String> tooMany = new LinkedHashMap<>();
            for (int i = 0; i < 48; i++) {
                tooMany.put("k" + i, "v");
            }
            assertAwsError(() -> kinesis.addTagsToStream(b -> b.streamName("t").tags(tooMany)),
                    "InvalidArgumentException", "Failed to add tags to stream t under account " + account
                            + " because a given stream cannot have more than 10 tags associated with it.");
            tooMany.remove("k0");
            kinesis.addTagsToStream(b -> b.streamName("t").tags(tooMany));
            assertThat(kinesis.listTagsForStream(b -> b.streamName("t").limit(50)).tags()).hasSize(50);
            assertAwsError(() -> kinesis.listTagsForStream(b -> b.streamName("t").limit(51)),
                    "ValidationException", "1 validation error detected: Value '51' at 'limit' failed to satisfy "
                            + "constraint: Member must have value less than or equal to 50");
            assertAwsError(() -> kinesis.createStream(b -> b.streamName("bad").shardCount(1)
                            .tags(Map.of("x;y", "1"))),
                    "InvalidArgumentException", invalid);
            assertAwsError(() -> kinesis.addTagsToStream(b -> b.streamName("nope").tags(Map.of("a", "1"))),
                    "ResourceNotFoundException", "Stream nope under account " + account + " not found.");
        }
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void tags_by_resource_arn_are_the_stream_tags_and_consumer_arns_name_nothing_yet() {
        String account = "100000000003";
        String stream = arn(account, "res");
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("res").shardCount(1));
            kinesis.tagResource(b -> b.resourceARN(stream).tags(Map.of("z", "26", "y", "25")));
            kinesis.untagResource(b -> b.resourceARN(stream).tagKeys("z"));
            assertThat(kinesis.listTagsForResource(b -> b.resourceARN(stream)).tags())
                    .containsExactly(tag("y", "25"));
            assertThat(kinesis.listTagsForStream(b -> b.streamName("res")).tags()).containsExactly(tag("y", "25"));

            String consumer = stream + "/consumer/app:1772323200";
            assertAwsError(() -> kinesis.listTagsForResource(b -> b.resourceARN(consumer)),
                    "ResourceNotFoundException", "Consumer " + consumer + " under account " + account + " not found.");
            assertAwsError(() -> kinesis.tagResource(b -> b.resourceARN(consumer).tags(Map.of("a", "1"))),
                    "ResourceNotFoundException", "Consumer " + consumer + " under account " + account + " not found.");
            assertAwsError(() -> kinesis.untagResource(b -> b.resourceARN(arn(account, "nope")).tagKeys("a")),
                    "ResourceNotFoundException", "Stream nope under account " + account + " not found.");
            String foreign = "arn:aws:kinesis:us-east-1:999999999999:stream/res";
            assertAwsError(() -> kinesis.listTagsForResource(b -> b.resourceARN(foreign)),
                    "AccessDeniedException", "Account " + account + " is not authorized to access " + foreign
                            + " because no resource-based policy allows it.");
            assertAwsError(() -> kinesis.tagResource(b -> b.resourceARN(stream).tags(Map.of("k", "a%b"))),
                    "InvalidArgumentException", "Failed to add tags to stream res under account " + account
                            + " because some tags contained illegal characters. The allowed characters are Unicode "
                            + "letters, white-spaces, '_',',','/','=','+','-','@'.");
            assertAwsError(() -> kinesis.listTagsForResource(b -> b.resourceARN("arn:aws:kinesis:us-east-1:" + account
                            + ":stream/res/shard/1")),
                    "InvalidArgumentException", "Invalid ResourceARN arn:aws:kinesis:us-east-1:" + account
                            + ":stream/res/shard/1.");
        }
    }

    @Test
    void enhanced_monitoring_answers_current_and_desired_metrics_and_describe_shows_them() {
        String account = "100000000004";
        List<MetricsName> seven = List.of(MetricsName.INCOMING_BYTES, MetricsName.INCOMING_RECORDS,
                MetricsName.OUTGOING_BYTES, MetricsName.OUTGOING_RECORDS,
                MetricsName.WRITE_PROVISIONED_THROUGHPUT_EXCEEDED, MetricsName.READ_PROVISIONED_THROUGHPUT_EXCEEDED,
                MetricsName.ITERATOR_AGE_MILLISECONDS);
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("m").shardCount(1));
            assertThat(summary(kinesis, "m").enhancedMonitoring().get(0).shardLevelMetrics()).isEmpty();
            var enabled = kinesis.enableEnhancedMonitoring(b -> b.streamName("m")
                    .shardLevelMetrics(MetricsName.OUTGOING_BYTES, MetricsName.INCOMING_BYTES));
            assertThat(enabled.currentShardLevelMetrics()).isEmpty();
            assertThat(enabled.desiredShardLevelMetrics())
                    .containsExactly(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES);
            assertThat(enabled.streamName()).isEqualTo("m");
            assertThat(enabled.streamARN()).isEqualTo(arn(account, "m"));
            var all = kinesis.enableEnhancedMonitoring(b -> b.streamName("m")
                    .shardLevelMetrics(MetricsName.ALL));
            assertThat(all.currentShardLevelMetrics())
                    .containsExactly(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES);
            assertThat(all.desiredShardLevelMetrics()).isEqualTo(seven);
            assertThat(kinesis.describeStream(b -> b.streamName("m")).streamDescription().enhancedMonitoring().get(0)
                    .shardLevelMetrics()).isEqualTo(seven);
            var disabled = kinesis.disableEnhancedMonitoring(b -> b.streamARN(arn(account, "m"))
                    .shardLevelMetrics(MetricsName.ALL));
            assertThat(disabled.currentShardLevelMetrics()).isEqualTo(seven);
            assertThat(disabled.desiredShardLevelMetrics()).isEmpty();
            assertThat(summary(kinesis, "m").enhancedMonitoring().get(0).shardLevelMetrics()).isEmpty();
            assertThat(summary(kinesis, "m").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertAwsError(() -> kinesis.enableEnhancedMonitoring(b -> b.streamName("nope")
                            .shardLevelMetrics(MetricsName.ALL)),
                    "ResourceNotFoundException", "Stream nope under account " + account + " not found.");
            assertAwsError(() -> kinesis.enableEnhancedMonitoring(b -> b.streamName("m")
                            .shardLevelMetricsWithStrings("Bogus")),
                    "ValidationException", "1 validation error detected: Value '[Bogus]' at 'shardLevelMetrics' "
                            + "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy "
                            + "enum value set: [IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, "
                            + "WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, "
                            + "IteratorAgeMilliseconds, ALL]]");
        }
    }

    @Test
    void encryption_leaves_the_stream_updating_then_shows_kms_and_the_key() {
        String account = "100000000005";
        String key = "arn:aws:kms:us-east-1:" + account + ":key/12345678-1234-1234-1234-123456789012";
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("e").shardCount(1));
            assertThat(summary(kinesis, "e").encryptionType()).isEqualTo(EncryptionType.NONE);
            assertAwsError(() -> kinesis.startStreamEncryption(b -> b.streamName("e")
                            .encryptionType(EncryptionType.NONE).keyId(key)),
                    "InvalidArgumentException", "Invalid EncryptionType NONE. KMS is the only encryption type "
                            + "supported.");
            assertAwsError(() -> kinesis.startStreamEncryption(b -> b.streamName("e")
                            .encryptionType(EncryptionType.KMS)),
                    "ValidationException", "1 validation error detected: Value null at 'keyId' failed to satisfy "
                            + "constraint: Member must not be null");
            assertAwsError(() -> kinesis.stopStreamEncryption(b -> b.streamName("e")
                            .encryptionType(EncryptionType.KMS).keyId(key)),
                    "InvalidArgumentException", "Stream e under account " + account + " is not encrypted.");

            kinesis.startStreamEncryption(b -> b.streamName("e").encryptionType(EncryptionType.KMS).keyId(key));
            assertThat(summary(kinesis, "e").streamStatus()).isEqualTo(StreamStatus.UPDATING);
            assertAwsError(() -> kinesis.startStreamEncryption(b -> b.streamName("e")
                            .encryptionType(EncryptionType.KMS).keyId("alias/other")),
                    "ResourceInUseException", "Stream e under account " + account
                            + " not ACTIVE, instead in state UPDATING");
            CLOCK.advance(UPDATE_DELAY);
            var description = kinesis.describeStream(b -> b.streamName("e")).streamDescription();
            assertThat(description.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(description.encryptionType()).isEqualTo(EncryptionType.KMS);
            assertThat(description.keyId()).isEqualTo(key);
            assertThat(summary(kinesis, "e").keyId()).isEqualTo(key);

            assertAwsError(() -> kinesis.stopStreamEncryption(b -> b.streamName("e")
                            .encryptionType(EncryptionType.KMS).keyId("alias/other")),
                    "InvalidArgumentException", "The KeyId alias/other does not match the KeyId used to encrypt "
                            + "stream e under account " + account + ".");
            kinesis.stopStreamEncryption(b -> b.streamARN(arn(account, "e")).encryptionType(EncryptionType.KMS)
                    .keyId(key));
            assertThat(summary(kinesis, "e").streamStatus()).isEqualTo(StreamStatus.UPDATING);
            CLOCK.advance(UPDATE_DELAY);
            StreamDescriptionSummary stopped = summary(kinesis, "e");
            assertThat(stopped.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(stopped.encryptionType()).isEqualTo(EncryptionType.NONE);
            assertThat(stopped.keyId()).isNull();
        }
    }

    @Test
    void a_resource_policy_is_stored_returned_and_deleted() {
        String account = "100000000006";
        String stream = arn(account, "p");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"kinesis:GetRecords\",\"Resource\":\"" + stream
                + "\"}]}";
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("p").shardCount(1));
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(stream)).policy()).isEqualTo("{}");
            kinesis.putResourcePolicy(b -> b.resourceARN(stream).policy(policy));
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(stream)).policy()).isEqualTo(policy);
            kinesis.deleteResourcePolicy(b -> b.resourceARN(stream));
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(stream)).policy()).isEqualTo("{}");

            assertAwsError(() -> kinesis.deleteResourcePolicy(b -> b.resourceARN(stream)),
                    "ResourceNotFoundException", "No resource policy found for resource ARN " + stream + ".");
            assertAwsError(() -> kinesis.putResourcePolicy(b -> b.resourceARN(stream).policy("[1, 2]")),
                    "InvalidArgumentException", "Policy is not a valid JSON object.");
            assertAwsError(() -> kinesis.putResourcePolicy(b -> b.resourceARN(stream).policy("not json")),
                    "InvalidArgumentException", "Policy is not a valid JSON object.");
            String consumer = stream + "/consumer/c:1";
            assertAwsError(() -> kinesis.getResourcePolicy(b -> b.resourceARN(consumer)),
                    "ResourceNotFoundException", "Consumer " + consumer + " under account " + account + " not found.");
            assertAwsError(() -> kinesis.putResourcePolicy(b -> b.resourceARN(arn(account, "nope")).policy("{}")),
                    "ResourceNotFoundException", "Stream nope under account " + account + " not found.");
            assertAwsError(() -> kinesis.getResourcePolicy(b -> b.resourceARN("arn:aws:s3:::bucket/stream/x")),
                    "ValidationException", "1 validation error detected: Value 'arn:aws:s3:::bucket/stream/x' at "
                            + "'resourceARN' failed to satisfy constraint: Member must satisfy regular expression "
                            + "pattern: arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+");
        }
    }

    @Test
    void the_billing_commitment_runs_at_least_24_hours_once_enabled() {
        String account = "100000000007";
        try (KinesisClient kinesis = client(account)) {
            MinimumThroughputBillingCommitmentOutput none = kinesis.describeAccountSettings(b -> { })
                    .minimumThroughputBillingCommitment();
            assertThat(none.status()).isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.DISABLED);
            assertThat(none.startedAt()).isNull();

            Instant started = CLOCK.instant();
            MinimumThroughputBillingCommitmentOutput enabled = kinesis.updateAccountSettings(b -> b
                    .minimumThroughputBillingCommitment(c -> c.status(MinimumThroughputBillingCommitmentInputStatus.ENABLED)))
                    .minimumThroughputBillingCommitment();
            assertThat(enabled.status()).isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED);
            assertThat(enabled.startedAt()).isEqualTo(started);
            assertThat(enabled.earliestAllowedEndAt()).isEqualTo(started.plus(Duration.ofHours(24)));
            assertThat(enabled.endedAt()).isNull();

            MinimumThroughputBillingCommitmentOutput ending = kinesis.updateAccountSettings(b -> b
                    .minimumThroughputBillingCommitment(c -> c.status(MinimumThroughputBillingCommitmentInputStatus.DISABLED)))
                    .minimumThroughputBillingCommitment();
            assertThat(ending.status())
                    .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END);
            assertThat(ending.earliestAllowedEndAt()).isEqualTo(started.plus(Duration.ofHours(24)));

            CLOCK.advance(Duration.ofHours(24));
            MinimumThroughputBillingCommitmentOutput ended = kinesis.describeAccountSettings(b -> { })
                    .minimumThroughputBillingCommitment();
            assertThat(ended.status()).isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.DISABLED);
            assertThat(ended.startedAt()).isEqualTo(started);
            assertThat(ended.endedAt()).isEqualTo(started.plus(Duration.ofHours(24)));
            try (KinesisClient other = client("100000000070")) {
                assertThat(other.describeAccountSettings(b -> { }).minimumThroughputBillingCommitment().status())
                        .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.DISABLED);
            }
            assertAwsError(() -> kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(c -> { })),
                    "ValidationException", "1 validation error detected: Value null at "
                            + "'minimumThroughputBillingCommitment.status' failed to satisfy constraint: Member must "
                            + "not be null");
        }
    }

    @Test
    void a_two_mib_record_is_refused_until_the_maximum_record_size_is_raised() {
        String account = "100000000008";
        SdkBytes twoMiB = SdkBytes.fromByteArray(new byte[2 << 20]);
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("big").shardCount(1));
            assertThat(summary(kinesis, "big").maxRecordSizeInKiB()).isEqualTo(1024);
            assertAwsError(() -> kinesis.putRecord(b -> b.streamName("big").partitionKey("k").data(twoMiB)),
                    "ValidationException", "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 "
                            + "lim=2097152 cap=2097152]' at 'data' failed to satisfy constraint: Member must have length "
                            + "less than or equal to 1048576");

            kinesis.updateMaxRecordSize(b -> b.streamARN(arn(account, "big")).maxRecordSizeInKiB(2048));
            assertThat(summary(kinesis, "big").maxRecordSizeInKiB()).isEqualTo(2048);
            String sequence = kinesis.putRecord(b -> b.streamName("big").partitionKey("k").data(twoMiB))
                    .sequenceNumber();
            String iterator = kinesis.getShardIterator(b -> b.streamName("big").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(sequence))
                    .shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records().get(0).data().asByteArray())
                    .hasSize(2 << 20);
            assertAwsError(() -> kinesis.putRecord(b -> b.streamName("big").partitionKey("k")
                            .data(SdkBytes.fromByteArray(new byte[(2 << 20) + 1]))),
                    "ValidationException", "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 "
                            + "lim=2097153 cap=2097153]' at 'data' failed to satisfy constraint: Member must have length "
                            + "less than or equal to 2097152");

            assertAwsError(() -> kinesis.updateMaxRecordSize(b -> b.streamARN(arn(account, "big"))
                            .maxRecordSizeInKiB(1023)),
                    "ValidationException", "1 validation error detected: Value '1023' at 'maxRecordSizeInKiB' failed "
                            + "to satisfy constraint: Member must have value greater than or equal to 1024");
            assertAwsError(() -> kinesis.updateMaxRecordSize(b -> b.streamARN(arn(account, "big"))
                            .maxRecordSizeInKiB(10241)),
                    "ValidationException", "1 validation error detected: Value '10241' at 'maxRecordSizeInKiB' "
                            + "failed to satisfy constraint: Member must have value less than or equal to 10240");
            assertAwsError(() -> kinesis.updateMaxRecordSize(b -> b.streamARN(arn(account, "nope"))
                            .maxRecordSizeInKiB(2048)),
                    "ResourceNotFoundException", "Stream nope under account " + account + " not found.");

            kinesis.createStream(b -> b.streamName("born-big").shardCount(1).maxRecordSizeInKiB(4096));
            assertThat(summary(kinesis, "born-big").maxRecordSizeInKiB()).isEqualTo(4096);
        }
    }

    @Test
    void ten_mib_records_pass_the_protocol_and_http_layers_over_http1_and_http2() {
        String account = Clients.ACCOUNT;
        byte[] tenMiB = new byte[10 << 20];
        tenMiB[tenMiB.length - 1] = 7;
        try (KinesisClient kinesis = client(account);
                KinesisAsyncClient async = Clients.async(server.endpoint(), null, null)) {
            kinesis.createStream(b -> b.streamName("huge").shardCount(1));
            kinesis.updateMaxRecordSize(b -> b.streamARN(arn(account, "huge")).maxRecordSizeInKiB(10240));
            kinesis.putRecord(b -> b.streamName("huge").partitionKey("k").data(SdkBytes.fromByteArray(tenMiB)));
            async.putRecord(b -> b.streamName("huge").partitionKey("k").data(SdkBytes.fromByteArray(tenMiB))).join();
            // A PutRecords request holds at most the record limit in all, partition keys included.
            byte[] tenMiBLessTheKey = new byte[(10 << 20) - 1];
            PutRecordsResponse batch = kinesis.putRecords(b -> b.streamName("huge").records(
                    r -> r.partitionKey("k").data(SdkBytes.fromByteArray(tenMiBLessTheKey))));
            assertThat(batch.failedRecordCount()).isZero();
            String iterator = kinesis.getShardIterator(b -> b.streamName("huge").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            byte[] first = kinesis.getRecords(b -> b.shardIterator(iterator)).records().get(0).data().asByteArray();
            assertThat(first).hasSize(10 << 20);
            assertThat(first[first.length - 1]).isEqualTo((byte) 7);
            assertAwsError(() -> kinesis.putRecord(b -> b.streamName("huge").partitionKey("k")
                            .data(SdkBytes.fromByteArray(new byte[(10 << 20) + 1]))),
                    "ValidationException", "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 "
                            + "lim=10485761 cap=10485761]' at 'data' failed to satisfy constraint: Member must have "
                            + "length less than or equal to 10485760");
        }
    }

    @Test
    void warm_throughput_needs_an_on_demand_stream_of_a_committed_account() {
        String account = "100000000009";
        try (KinesisClient kinesis = client(account)) {
            kinesis.createStream(b -> b.streamName("od").streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
            kinesis.createStream(b -> b.streamName("prov").shardCount(1));
            assertAwsError(() -> kinesis.updateStreamWarmThroughput(b -> b.streamName("od").warmThroughputMiBps(100)),
                    "ValidationException", "Request is invalid. Account " + account + " does not have "
                            + "MinimumThroughputBillingCommitment enabled in us-east-1.");
            assertThat(summary(kinesis, "od").warmThroughput()).isNull();

            kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                    c -> c.status(MinimumThroughputBillingCommitmentInputStatus.ENABLED)));
            assertThat(summary(kinesis, "od").warmThroughput().currentMiBps()).isEqualTo(4);
            assertThat(summary(kinesis, "od").warmThroughput().targetMiBps()).isNull();
            UpdateStreamWarmThroughputResponse warmed = kinesis.updateStreamWarmThroughput(b -> b.streamName("od")
                    .warmThroughputMiBps(100));
            assertThat(warmed.streamName()).isEqualTo("od");
            assertThat(warmed.streamARN()).isEqualTo(arn(account, "od"));
            assertThat(warmed.warmThroughput().targetMiBps()).isEqualTo(100);
            assertThat(warmed.warmThroughput().currentMiBps()).isEqualTo(4);
            assertThat(summary(kinesis, "od").streamStatus()).isEqualTo(StreamStatus.UPDATING);
            CLOCK.advance(UPDATE_DELAY);
            StreamDescriptionSummary settled = summary(kinesis, "od");
            assertThat(settled.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(settled.warmThroughput().targetMiBps()).isEqualTo(100);
            assertThat(settled.warmThroughput().currentMiBps()).isEqualTo(100);

            assertAwsError(() -> kinesis.updateStreamWarmThroughput(b -> b.streamName("prov").warmThroughputMiBps(10)),
                    "ValidationException", "Request is invalid. Stream prov under account " + account
                            + " is in Provisioned mode.");
            assertThat(summary(kinesis, "prov").warmThroughput()).isNull();
            assertAwsError(() -> kinesis.updateStreamWarmThroughput(b -> b.streamName("od")
                            .warmThroughputMiBps(10241)),
                    "LimitExceededException", "Requested warm throughput of 10241 MiBps for stream od under account "
                            + account + " exceeds the limit of 10240 MiBps.");
            assertAwsError(() -> kinesis.updateStreamWarmThroughput(b -> b.streamName("od").warmThroughputMiBps(-1)),
                    "ValidationException", "1 validation error detected: Value '-1' at 'warmThroughputMiBps' failed "
                            + "to satisfy constraint: Member must have value greater than or equal to 0");

            kinesis.createStream(b -> b.streamName("od-warm").warmThroughputMiBps(250)
                    .streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
            assertThat(summary(kinesis, "od-warm").warmThroughput().targetMiBps()).isEqualTo(250);
            assertThat(summary(kinesis, "od-warm").warmThroughput().currentMiBps()).isEqualTo(250);
            assertAwsError(() -> kinesis.createStream(b -> b.streamName("prov-warm").shardCount(1)
                            .warmThroughputMiBps(250)),
                    "ValidationException", "Request is invalid. Stream prov-warm under account " + account
                            + " is in Provisioned mode.");
        }
    }
}
