package dev.freshet.streams;

import dev.freshet.api.StreamMode;
import java.util.List;

/**
 * What is stored about one stream: identity, life-cycle times, capacity, shards and settings.
 * Immutable; a change is a new value, saved whole by the {@link MetadataStore} before it takes
 * effect, and made only through {@link StreamRegistry#change}.
 *
 * <p>The stream's status is not stored but derived from these times and the configured delays (see
 * {@link Lifecycle}), so it is right after a restart without any timer having to fire.
 *
 * @param streamId unique for the life of the data directory, {@code [a-z0-9]{20}-[a-z0-9]{3}}
 * @param deletingSinceMillis when DeleteStream was accepted, or {@code null}
 * @param updatingUntilMillis the stream is UPDATING until this instant, or {@code null}
 * @param modeSwitchesMillis when UpdateStreamMode changed the mode, within the last 24 hours
 * @param scalingsMillis when UpdateShardCount ran, within the last 24 hours
 * @param nextShardIndex the index the next new shard gets; indexes are never reused
 * @param shards every shard still stored: open ones and closed ones not yet past retention
 * @param pendingReshard splits and merges accepted but not yet applied: as on AWS, they take effect
 *     when the stream's UPDATING time is over (see {@link StreamRegistry}); empty when none
 * @param consumers registered consumers, including DELETING ones until they are gone
 */
record StreamMetadata(
        String streamId,
        String accountId,
        String region,
        String name,
        long createdAtMillis,
        Long deletingSinceMillis,
        Long updatingUntilMillis,
        int retentionHours,
        StreamMode mode,
        List<Long> modeSwitchesMillis,
        List<Long> scalingsMillis,
        int nextShardIndex,
        List<ShardMetadata> shards,
        List<ReshardStep> pendingReshard,
        StreamSettings settings,
        List<ConsumerMetadata> consumers) {

    StreamMetadata {
        shards = List.copyOf(shards);
        modeSwitchesMillis = modeSwitchesMillis == null ? List.of() : List.copyOf(modeSwitchesMillis);
        scalingsMillis = scalingsMillis == null ? List.of() : List.copyOf(scalingsMillis);
        pendingReshard = pendingReshard == null ? List.of() : List.copyOf(pendingReshard);
        settings = settings == null ? StreamSettings.defaults() : settings;
        consumers = consumers == null ? List.of() : List.copyOf(consumers);
        for (ShardMetadata shard : shards) {
            nextShardIndex = Math.max(nextShardIndex, shard.index() + 1);
        }
    }

    /** A new stream: ACTIVE after the create delay, with {@code shards} and {@code settings}. */
    static StreamMetadata created(String streamId, String accountId, String region, String name, long nowMillis,
            int retentionHours, StreamMode mode, List<ShardMetadata> shards, StreamSettings settings) {
        return new StreamMetadata(streamId, accountId, region, name, nowMillis, null, null, retentionHours, mode,
                List.of(), List.of(), shards.size(), shards, List.of(), settings, List.of());
    }

    StreamMetadata deleting(long nowMillis) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, nowMillis, updatingUntilMillis,
                retentionHours, mode, modeSwitchesMillis, scalingsMillis, nextShardIndex, shards, pendingReshard,
                settings, consumers);
    }

    /** This stream UPDATING until {@code untilMillis}. */
    StreamMetadata updatingUntil(long untilMillis) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                untilMillis, retentionHours, mode, modeSwitchesMillis, scalingsMillis, nextShardIndex, shards,
                pendingReshard, settings, consumers);
    }

    StreamMetadata withRetentionHours(int hours) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                updatingUntilMillis, hours, mode, modeSwitchesMillis, scalingsMillis, nextShardIndex, shards,
                pendingReshard, settings, consumers);
    }

    StreamMetadata withMode(StreamMode next, List<Long> switches) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                updatingUntilMillis, retentionHours, next, switches, scalingsMillis, nextShardIndex, shards,
                pendingReshard, settings, consumers);
    }

    StreamMetadata withShards(List<ShardMetadata> next, int nextIndex) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                updatingUntilMillis, retentionHours, mode, modeSwitchesMillis, scalingsMillis, nextIndex, next,
                pendingReshard, settings, consumers);
    }

    /** This stream with {@code scalings} as the UpdateShardCount calls of the last 24 hours. */
    StreamMetadata withScalings(List<Long> scalings) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                updatingUntilMillis, retentionHours, mode, modeSwitchesMillis, scalings, nextShardIndex, shards,
                pendingReshard, settings, consumers);
    }

    StreamMetadata withSettings(StreamSettings next) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                updatingUntilMillis, retentionHours, mode, modeSwitchesMillis, scalingsMillis, nextShardIndex,
                shards, pendingReshard, next, consumers);
    }

    /** This stream with {@code steps} to apply when its UPDATING time is over. */
    StreamMetadata withPendingReshard(List<ReshardStep> steps) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                updatingUntilMillis, retentionHours, mode, modeSwitchesMillis, scalingsMillis, nextShardIndex, shards,
                steps, settings, consumers);
    }

    StreamMetadata withConsumers(List<ConsumerMetadata> next) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, deletingSinceMillis,
                updatingUntilMillis, retentionHours, mode, modeSwitchesMillis, scalingsMillis, nextShardIndex, shards,
                pendingReshard, settings, next);
    }

    String arn() {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + name;
    }

    /** The open shards, by starting hash key (so in the order they cover the key space). */
    List<ShardMetadata> openShards() {
        return shards.stream().filter(ShardMetadata::isOpen).sorted(ShardMetadata.BY_STARTING_HASH_KEY).toList();
    }

    /** Records that arrived before this instant are past the retention period at {@code nowMillis}. */
    long retentionCutoff(long nowMillis) {
        return nowMillis - retentionHours * 3_600_000L;
    }

    long openShardCount() {
        return shards.stream().filter(ShardMetadata::isOpen).count();
    }
}
