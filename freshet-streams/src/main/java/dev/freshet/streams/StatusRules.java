package dev.freshet.streams;

import dev.freshet.api.StreamStatus;

/**
 * Which stream states a change accepts, checked inside {@link StreamRegistry#change} so the
 * answer holds for the change itself: most settings need an ACTIVE stream (AWS's
 * ResourceInUseException otherwise); tags and resource policies, which touch no shard, may also be
 * changed while the stream is UPDATING.
 *
 * <p>Stateless and thread-safe.
 */
final class StatusRules {

    private StatusRules() {}

    /**
     * The status a change sees: a reshard not yet applied counts as UPDATING even when its time is
     * over, since it is applied on the next lookup, and no other change may be planned against the
     * shards it is about to replace.
     */
    static StreamStatus changeStatus(StreamRegistry registry, Stream stream) {
        return stream.metadata().pendingReshard().isEmpty() ? registry.status(stream) : StreamStatus.UPDATING;
    }

    /** Fails with AWS's ResourceInUseException unless the {@link #changeStatus} is ACTIVE. */
    static void requireActive(StreamRegistry registry, Stream stream, StreamKey key) {
        StreamStatus status = changeStatus(registry, stream);
        if (status != StreamStatus.ACTIVE) {
            throw Messages.streamNotActive(key, status);
        }
    }

    static void requireActiveOrUpdating(StreamRegistry registry, Stream stream, StreamKey key) {
        StreamStatus status = registry.status(stream);
        if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
            throw Messages.streamNotActive(key, status);
        }
    }
}
