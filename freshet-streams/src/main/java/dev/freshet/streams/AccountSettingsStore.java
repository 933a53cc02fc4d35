package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import java.io.IOException;

/**
 * Durable storage of account settings, one value per account and region (the
 * {@link RequestContext}'s two fields), each replaced atomically.
 *
 * <p>Implementations are thread-safe.
 */
interface AccountSettingsStore extends AutoCloseable {

    /** The commitment of this account and region; {@link BillingCommitment#none()} if never set. */
    BillingCommitment commitment(RequestContext account);

    /** Stores {@code commitment} for this account and region; durable on return. */
    void save(RequestContext account, BillingCommitment commitment) throws IOException;

    @Override
    void close();
}
