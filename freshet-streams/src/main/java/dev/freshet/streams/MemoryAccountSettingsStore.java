package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Account settings held in memory only, for {@code --in-memory}. Thread-safe. */
final class MemoryAccountSettingsStore implements AccountSettingsStore {

    private final Map<RequestContext, BillingCommitment> commitments = new ConcurrentHashMap<>();

    @Override
    public BillingCommitment commitment(RequestContext account) {
        return commitments.getOrDefault(account, BillingCommitment.none());
    }

    @Override
    public void save(RequestContext account, BillingCommitment commitment) {
        commitments.put(account, commitment);
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
