package dev.freshet.streams;

import dev.freshet.api.StreamMode;
import java.util.List;
import java.util.Map;

/**
 * What is stored about one stream: identity, settings and shards. Immutable; a change is a new
 * value, saved whole by the {@link MetadataStore} before it takes effect.
 *
 * <p>The stream's status is not stored but derived from these times and the configured delays (see
 * {@link Lifecycle}), so it is right after a restart without any timer having to fire.
 *
 * @param streamId unique for the life of the data directory, {@code [a-z0-9]{20}-[a-z0-9]{3}}
 * @param deletingSinceMillis when DeleteStream was accepted, or {@code null}
 */
record StreamMetadata(
        String streamId,
        String accountId,
        String region,
        String name,
        long createdAtMillis,
        Long deletingSinceMillis,
        int retentionHours,
        StreamMode mode,
        List<ShardMetadata> shards,
        Map<String, String> tags) {

    StreamMetadata {
        shards = List.copyOf(shards);
        tags = Map.copyOf(tags);
    }

    StreamMetadata deleting(long nowMillis) {
        return new StreamMetadata(streamId, accountId, region, name, createdAtMillis, nowMillis,
                retentionHours, mode, shards, tags);
    }

    String arn() {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + name;
    }

    /** The shard with this index, or {@code null}. */
    ShardMetadata shard(long index) {
        for (ShardMetadata shard : shards) {
            if (shard.index() == index) {
                return shard;
            }
        }
        return null;
    }

    /** Records that arrived before this instant are past the retention period at {@code nowMillis}. */
    long retentionCutoff(long nowMillis) {
        return nowMillis - retentionHours * 3_600_000L;
    }

    long openShardCount() {
        return shards.stream().filter(ShardMetadata::isOpen).count();
    }
}
