package dev.freshet.streams;

import static dev.freshet.streams.EngineFixture.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.Empty;
import dev.freshet.api.MinimumThroughputBillingCommitmentInput;
import dev.freshet.api.MinimumThroughputBillingCommitmentInputStatus;
import dev.freshet.api.MinimumThroughputBillingCommitmentOutput;
import dev.freshet.api.MinimumThroughputBillingCommitmentOutputStatus;
import dev.freshet.api.RequestContext;
import dev.freshet.api.UpdateAccountSettingsRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DescribeAccountSettings and UpdateAccountSettings: the minimum throughput billing commitment over time. */
class AccountSettingsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final EngineFixture fixture = new EngineFixture();

    @TempDir
    Path dataDir;

    @AfterEach
    void close() {
        fixture.close();
    }

    private static MinimumThroughputBillingCommitmentOutput update(StreamEngine engine, RequestContext caller,
            MinimumThroughputBillingCommitmentInputStatus status) {
        return engine.updateAccountSettings(caller, new UpdateAccountSettingsRequest(
                new MinimumThroughputBillingCommitmentInput(status))).minimumThroughputBillingCommitment();
    }

    private static MinimumThroughputBillingCommitmentOutput describe(StreamEngine engine, RequestContext caller) {
        return engine.describeAccountSettings(caller, new Empty()).minimumThroughputBillingCommitment();
    }

    private static MinimumThroughputBillingCommitmentOutput output(MinimumThroughputBillingCommitmentOutputStatus status,
            Instant started, Instant ended, Instant earliestEnd) {
        return new MinimumThroughputBillingCommitmentOutput(status, started, ended, earliestEnd);
    }

    @Test
    void an_account_never_committed_is_disabled_with_no_dates() throws IOException {
        StreamEngine engine = fixture.engine(null);
        assertThat(describe(engine, CALLER)).isEqualTo(
                output(MinimumThroughputBillingCommitmentOutputStatus.DISABLED, null, null, null));
    }

    @Test
    void enabling_starts_a_commitment_that_may_end_24_hours_later() throws IOException {
        StreamEngine engine = fixture.engine(null);
        MinimumThroughputBillingCommitmentOutput expected = output(
                MinimumThroughputBillingCommitmentOutputStatus.ENABLED, START, null, START.plus(Duration.ofHours(24)));
        assertThat(update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED)).isEqualTo(expected);
        fixture.clock.advance(Duration.ofHours(1));
        assertThat(update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED)).isEqualTo(expected);
        assertThat(describe(engine, CALLER)).isEqualTo(expected);
    }

    @Test
    void disabling_early_schedules_the_end_at_the_earliest_allowed_end_and_it_happens_then() throws IOException {
        StreamEngine engine = fixture.engine(null);
        update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        fixture.clock.advance(Duration.ofHours(2));
        Instant earliestEnd = START.plus(Duration.ofHours(24));
        assertThat(update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.DISABLED)).isEqualTo(output(
                MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END, START, null,
                earliestEnd));
        fixture.clock.advance(Duration.ofHours(22).minusMillis(1));
        assertThat(describe(engine, CALLER).status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END);
        fixture.clock.advance(Duration.ofMillis(1));
        assertThat(describe(engine, CALLER)).isEqualTo(output(MinimumThroughputBillingCommitmentOutputStatus.DISABLED,
                START, earliestEnd, earliestEnd));
    }

    @Test
    void enabling_before_the_scheduled_end_cancels_it() throws IOException {
        StreamEngine engine = fixture.engine(null);
        update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.DISABLED);
        assertThat(update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED)).isEqualTo(output(
                MinimumThroughputBillingCommitmentOutputStatus.ENABLED, START, null, START.plus(Duration.ofHours(24))));
        fixture.clock.advance(Duration.ofDays(3));
        assertThat(describe(engine, CALLER).status()).isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED);
    }

    @Test
    void disabling_after_the_earliest_end_ends_at_once_and_enabling_again_starts_anew() throws IOException {
        StreamEngine engine = fixture.engine(null);
        update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        fixture.clock.advance(Duration.ofHours(30));
        Instant ended = START.plus(Duration.ofHours(30));
        assertThat(update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.DISABLED)).isEqualTo(output(
                MinimumThroughputBillingCommitmentOutputStatus.DISABLED, START, ended, START.plus(Duration.ofHours(24))));
        fixture.clock.advance(Duration.ofHours(1));
        Instant restarted = ended.plus(Duration.ofHours(1));
        assertThat(update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED)).isEqualTo(output(
                MinimumThroughputBillingCommitmentOutputStatus.ENABLED, restarted, null,
                restarted.plus(Duration.ofHours(24))));
    }

    @Test
    void each_account_and_region_has_its_own_settings_and_they_survive_a_restart() throws IOException {
        StreamEngine engine = fixture.engine(dataDir);
        RequestContext otherRegion = new RequestContext(CALLER.accountId(), "eu-west-1");
        RequestContext otherAccount = new RequestContext("210987654321", CALLER.region());
        update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        update(engine, otherRegion, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        update(engine, otherRegion, MinimumThroughputBillingCommitmentInputStatus.DISABLED);
        MinimumThroughputBillingCommitmentOutput mine = describe(engine, CALLER);
        MinimumThroughputBillingCommitmentOutput region = describe(engine, otherRegion);
        assertThat(region.status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END);
        assertThat(describe(engine, otherAccount).status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.DISABLED);
        engine.close();

        StreamEngine reopened = fixture.engine(dataDir);
        assertThat(describe(reopened, CALLER)).isEqualTo(mine);
        assertThat(describe(reopened, otherRegion)).isEqualTo(region);
        assertThat(describe(reopened, otherAccount).startedAt()).isNull();
    }

    @Test
    void in_memory_settings_work_the_same() throws IOException {
        StreamEngine engine = fixture.engine(null);
        update(engine, CALLER, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        assertThat(describe(engine, CALLER).status()).isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED);
        assertThat(describe(engine, new RequestContext("210987654321", "us-east-1")).status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.DISABLED);
    }
}
