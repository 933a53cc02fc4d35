package dev.freshet.streams;

import static dev.freshet.streams.EngineFixture.CALLER;
import static dev.freshet.streams.EngineFixture.DELAY;
import static dev.freshet.streams.EngineFixture.arn;
import static dev.freshet.streams.EngineFixture.describe;
import static dev.freshet.streams.EngineFixture.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AddTagsToStreamRequest;
import dev.freshet.api.EnableEnhancedMonitoringRequest;
import dev.freshet.api.EncryptionType;
import dev.freshet.api.EnhancedMetrics;
import dev.freshet.api.GetResourcePolicyRequest;
import dev.freshet.api.IncreaseStreamRetentionPeriodRequest;
import dev.freshet.api.ListTagsForStreamRequest;
import dev.freshet.api.MinimumThroughputBillingCommitmentInput;
import dev.freshet.api.MinimumThroughputBillingCommitmentInputStatus;
import dev.freshet.api.PutResourcePolicyRequest;
import dev.freshet.api.StartStreamEncryptionRequest;
import dev.freshet.api.StreamDescriptionSummary;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.Tag;
import dev.freshet.api.UpdateAccountSettingsRequest;
import dev.freshet.api.UpdateMaxRecordSizeRequest;
import dev.freshet.api.UpdateStreamWarmThroughputRequest;
import dev.freshet.api.WarmThroughputObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every stream and account setting is stored: an engine reopened on the same directory shows it all. */
class SettingsRestartTest {

    private final EngineFixture fixture = new EngineFixture();

    @TempDir
    Path dataDir;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void every_setting_survives_a_restart() throws IOException {
        StreamEngine engine = fixture.engine(dataDir);
        engine.updateAccountSettings(CALLER, new UpdateAccountSettingsRequest(
                new MinimumThroughputBillingCommitmentInput(MinimumThroughputBillingCommitmentInputStatus.ENABLED)));
        fixture.createActive(engine, "s", 1);
        fixture.createOnDemand(engine, "od");
        engine.increaseStreamRetentionPeriod(CALLER, new IncreaseStreamRetentionPeriodRequest("s", 168, null));
        engine.addTagsToStream(CALLER, new AddTagsToStreamRequest("s", Map.of("team", "data", "env", "test"), null));
        engine.enableEnhancedMonitoring(CALLER, new EnableEnhancedMonitoringRequest("s",
                List.of("IncomingBytes", "IteratorAgeMilliseconds"), null));
        engine.putResourcePolicy(CALLER, new PutResourcePolicyRequest(arn("s"), "{\"Statement\":[]}"));
        engine.updateMaxRecordSize(CALLER, new UpdateMaxRecordSizeRequest(arn("s"), 4096));
        engine.startStreamEncryption(CALLER, new StartStreamEncryptionRequest("s", EncryptionType.KMS,
                "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012", null));
        engine.updateStreamWarmThroughput(CALLER, new UpdateStreamWarmThroughputRequest(null, "od", 200));
        StreamDescriptionSummary before = summary(engine, "s");
        assertThat(before.streamStatus()).isEqualTo(StreamStatus.UPDATING);
        engine.close();

        StreamEngine reopened = fixture.engine(dataDir);
        assertThat(summary(reopened, "s")).isEqualTo(before);
        fixture.clock.advance(DELAY);
        StreamDescriptionSummary after = summary(reopened, "s");
        assertThat(after.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(after.retentionPeriodHours()).isEqualTo(168);
        assertThat(after.enhancedMonitoring()).containsExactly(
                new EnhancedMetrics(List.of("IncomingBytes", "IteratorAgeMilliseconds")));
        assertThat(after.encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(after.keyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012");
        assertThat(after.maxRecordSizeInKiB()).isEqualTo(4096);
        assertThat(describe(reopened, "s").keyId()).isEqualTo(after.keyId());
        assertThat(reopened.listTagsForStream(CALLER, new ListTagsForStreamRequest("s", null, null, null)).tags())
                .containsExactly(new Tag("env", "test"), new Tag("team", "data"));
        assertThat(reopened.getResourcePolicy(CALLER, new GetResourcePolicyRequest(arn("s"))).policy())
                .isEqualTo("{\"Statement\":[]}");
        assertThat(summary(reopened, "od").warmThroughput()).isEqualTo(new WarmThroughputObject(200, 200));
    }
}
