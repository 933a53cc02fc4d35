package dev.freshet.streams;

import dev.freshet.api.MinimumThroughputBillingCommitmentOutput;
import dev.freshet.api.MinimumThroughputBillingCommitmentOutputStatus;
import java.time.Instant;

/**
 * An account's minimum throughput billing commitment in one region, as AWS documents it: enabling
 * starts a commitment that must run at least 24 hours; disabling before then schedules the end for
 * the earliest allowed end (status {@code ENABLED_UNTIL_EARLIEST_ALLOWED_END}), and enabling again
 * before that moment cancels the scheduled end. Disabling after it ends the commitment at once;
 * enabling an ended commitment starts a new one. Asking for the state it already has (or is
 * heading to) changes nothing.
 *
 * <p>The status is derived from the stored times and the clock, never stored, so a scheduled end
 * happens on time across restarts with no timer. Immutable.
 *
 * @param startedAtMillis when the commitment (the latest one) started, or {@code null} if never
 * @param earliestAllowedEndAtMillis {@code startedAtMillis} plus 24 hours, or {@code null} if never
 * @param endsAtMillis when it ends or ended, or {@code null} while it runs with no end asked for
 */
record BillingCommitment(Long startedAtMillis, Long earliestAllowedEndAtMillis, Long endsAtMillis) {

    static final long MINIMUM_MILLIS = 24 * 3_600_000L;

    static BillingCommitment none() {
        return new BillingCommitment(null, null, null);
    }

    MinimumThroughputBillingCommitmentOutputStatus status(long nowMillis) {
        if (startedAtMillis == null || (endsAtMillis != null && nowMillis >= endsAtMillis)) {
            return MinimumThroughputBillingCommitmentOutputStatus.DISABLED;
        }
        return endsAtMillis == null
                ? MinimumThroughputBillingCommitmentOutputStatus.ENABLED
                : MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END;
    }

    /** Whether the account is committed at {@code nowMillis}, with or without an end scheduled. */
    boolean active(long nowMillis) {
        return status(nowMillis) != MinimumThroughputBillingCommitmentOutputStatus.DISABLED;
    }

    BillingCommitment enabled(long nowMillis) {
        return switch (status(nowMillis)) {
            case ENABLED -> this;
            case ENABLED_UNTIL_EARLIEST_ALLOWED_END ->
                    new BillingCommitment(startedAtMillis, earliestAllowedEndAtMillis, null);
            case DISABLED -> new BillingCommitment(nowMillis, nowMillis + MINIMUM_MILLIS, null);
        };
    }

    BillingCommitment disabled(long nowMillis) {
        if (status(nowMillis) != MinimumThroughputBillingCommitmentOutputStatus.ENABLED) {
            return this;
        }
        return new BillingCommitment(startedAtMillis, earliestAllowedEndAtMillis,
                Math.max(nowMillis, earliestAllowedEndAtMillis));
    }

    /**
     * As the API shows it: StartedAt and EarliestAllowedEndAt once a commitment has started, EndedAt
     * once it has ended; an account never committed shows only {@code DISABLED}.
     */
    MinimumThroughputBillingCommitmentOutput toApi(long nowMillis) {
        MinimumThroughputBillingCommitmentOutputStatus status = status(nowMillis);
        boolean ended = startedAtMillis != null && status == MinimumThroughputBillingCommitmentOutputStatus.DISABLED;
        return new MinimumThroughputBillingCommitmentOutput(status, instant(startedAtMillis),
                ended ? instant(endsAtMillis) : null, instant(earliestAllowedEndAtMillis));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
