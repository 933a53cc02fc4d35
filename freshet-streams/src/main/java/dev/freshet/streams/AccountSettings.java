package dev.freshet.streams;

import dev.freshet.api.DescribeAccountSettingsResponse;
import dev.freshet.api.MinimumThroughputBillingCommitmentInputStatus;
import dev.freshet.api.RequestContext;
import dev.freshet.api.UpdateAccountSettingsRequest;
import dev.freshet.api.UpdateAccountSettingsResponse;
import java.io.IOException;
import java.time.Clock;

/**
 * DescribeAccountSettings and UpdateAccountSettings: the caller's minimum throughput billing
 * commitment in the caller's region (see {@link BillingCommitment} for its rules), kept in an
 * {@link AccountSettingsStore}. Warm throughput needs an active commitment ({@link WarmThroughput}).
 *
 * <p>Thread-safe: updates are serialized, so two concurrent updates cannot lose one another.
 */
final class AccountSettings {

    private final AccountSettingsStore store;
    private final Clock clock;

    AccountSettings(AccountSettingsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    DescribeAccountSettingsResponse describe(RequestContext context) {
        return new DescribeAccountSettingsResponse(store.commitment(context).toApi(clock.millis()));
    }

    synchronized UpdateAccountSettingsResponse update(RequestContext context, UpdateAccountSettingsRequest request)
            throws IOException {
        long now = clock.millis();
        BillingCommitment current = store.commitment(context);
        BillingCommitment next = request.minimumThroughputBillingCommitment().status()
                == MinimumThroughputBillingCommitmentInputStatus.ENABLED ? current.enabled(now) : current.disabled(now);
        if (!next.equals(current)) {
            store.save(context, next);
        }
        return new UpdateAccountSettingsResponse(next.toApi(now));
    }

    /** Whether this account is committed in this region now, with or without an end scheduled. */
    boolean commitmentActive(String accountId, String region) {
        return store.commitment(new RequestContext(accountId, region)).active(clock.millis());
    }
}
