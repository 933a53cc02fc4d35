package dev.freshet.streams;

import dev.freshet.api.ConsumerStatus;
import dev.freshet.api.StreamStatus;
import java.time.Duration;

/**
 * A stream's status, derived from its stored times and the configured delays: CREATING until the
 * create delay has passed, then ACTIVE; UPDATING for the update delay after a change that takes time
 * on AWS (resharding, a mode switch, …); DELETING once deleted, and gone when the delete delay has
 * passed. Deriving it (instead of flipping it with timers) keeps it right across restarts and lets
 * an injected clock drive it in tests.
 *
 * <p>Immutable and thread-safe.
 */
final class Lifecycle {

    private final long createMillis;
    private final long deleteMillis;
    private final long updateMillis;

    Lifecycle(Duration createDelay, Duration deleteDelay, Duration updateDelay) {
        this.createMillis = createDelay.toMillis();
        this.deleteMillis = deleteDelay.toMillis();
        this.updateMillis = updateDelay.toMillis();
    }

    /** The status at {@code nowMillis}, or {@code null} if the stream is gone. */
    StreamStatus status(StreamMetadata stream, long nowMillis) {
        if (stream.deletingSinceMillis() != null) {
            return nowMillis - stream.deletingSinceMillis() >= deleteMillis ? null : StreamStatus.DELETING;
        }
        if (nowMillis - stream.createdAtMillis() < createMillis) {
            return StreamStatus.CREATING;
        }
        Long updatingUntil = stream.updatingUntilMillis();
        return updatingUntil != null && nowMillis < updatingUntil ? StreamStatus.UPDATING : StreamStatus.ACTIVE;
    }

    /**
     * A consumer's status at {@code nowMillis} by the same delays as a stream's (CREATING, ACTIVE,
     * DELETING), or {@code null} once it is gone.
     */
    ConsumerStatus status(ConsumerMetadata consumer, long nowMillis) {
        if (consumer.deletingSinceMillis() != null) {
            return nowMillis - consumer.deletingSinceMillis() >= deleteMillis ? null : ConsumerStatus.DELETING;
        }
        return nowMillis - consumer.createdAtMillis() < createMillis ? ConsumerStatus.CREATING : ConsumerStatus.ACTIVE;
    }

    /** {@code stream} UPDATING from {@code nowMillis} for the update delay. */
    StreamMetadata updating(StreamMetadata stream, long nowMillis) {
        return stream.updatingUntil(nowMillis + updateMillis);
    }
}
