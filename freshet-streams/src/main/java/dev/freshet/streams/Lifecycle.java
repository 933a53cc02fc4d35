package dev.freshet.streams;

import dev.freshet.api.StreamStatus;
import java.time.Duration;

/**
 * A stream's status, derived from its stored times and the configured delays: CREATING until the
 * create delay has passed, then ACTIVE; DELETING once deleted, and gone when the delete delay has
 * passed. Deriving it (instead of flipping it with timers) keeps it right across restarts and lets
 * an injected clock drive it in tests.
 *
 * <p>Immutable and thread-safe.
 */
final class Lifecycle {

    private final long createMillis;
    private final long deleteMillis;

    Lifecycle(Duration createDelay, Duration deleteDelay) {
        this.createMillis = createDelay.toMillis();
        this.deleteMillis = deleteDelay.toMillis();
    }

    /** The status at {@code nowMillis}, or {@code null} if the stream is gone. */
    StreamStatus status(StreamMetadata stream, long nowMillis) {
        if (stream.deletingSinceMillis() != null) {
            return nowMillis - stream.deletingSinceMillis() >= deleteMillis ? null : StreamStatus.DELETING;
        }
        return nowMillis - stream.createdAtMillis() < createMillis ? StreamStatus.CREATING : StreamStatus.ACTIVE;
    }
}
