package dev.freshet.streams;

import dev.freshet.api.HashKeyRange;
import dev.freshet.api.SequenceNumberRange;
import dev.freshet.api.Shard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Shards as clients see them: which shards a stream still shows (closed shards vanish once every
 * record in them is past retention) and their API shape.
 *
 * <p>Stateless and thread-safe.
 */
final class ShardViews {

    private ShardViews() {}

    /** The shards of {@code stream} still shown at {@code nowMillis}, by index. */
    static List<ShardMetadata> visible(StreamMetadata stream, long nowMillis) {
        long horizon = stream.retentionCutoff(nowMillis);
        List<ShardMetadata> shards = new ArrayList<>();
        for (ShardMetadata shard : stream.shards()) {
            if (!shard.closedBefore(horizon)) {
                shards.add(shard);
            }
        }
        shards.sort(Comparator.comparingInt(ShardMetadata::index));
        return shards;
    }

    static Shard toApi(Stream stream, ShardMetadata shard) {
        // A closed shard ends at its last record, or at its start if it never held one.
        String ending = shard.isOpen() ? null : stream.sequenceNumberBefore(shard, shard.endOffset());
        return new Shard(
                shard.shardId(),
                shard.parentIndex() == null ? null : ShardMetadata.shardId(shard.parentIndex()),
                shard.adjacentParentIndex() == null ? null : ShardMetadata.shardId(shard.adjacentParentIndex()),
                new HashKeyRange(shard.startingHashKey().toString(), shard.endingHashKey().toString()),
                new SequenceNumberRange(stream.startingSequenceNumber(shard), ending));
    }
}
