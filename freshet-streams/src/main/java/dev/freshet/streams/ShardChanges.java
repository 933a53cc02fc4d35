package dev.freshet.streams;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Applies {@link ReshardStep}s to a stream's shards at one instant: each step closes its parents
 * (their records end at the log's current end) and opens children with the next indexes, so every
 * child's sequence numbers are greater than its parents'. The same code plans (on a copy, with no
 * logs) and applies, so a plan stored while the stream is UPDATING yields the same shard ids when it
 * is applied.
 *
 * <p>Not thread-safe: one instance lives inside one {@link StreamRegistry#change}.
 */
final class ShardChanges {

    private final Map<Integer, ShardMetadata> shards = new LinkedHashMap<>();
    private final Set<Integer> createdHere = new HashSet<>();
    private final long nowMillis;
    private final ToLongFunction<ShardMetadata> endOffset;
    private int nextIndex;

    /**
     * @param endOffset the end of a parent's log at this instant; never asked of a shard opened by
     *     these same changes (it holds no records yet)
     */
    ShardChanges(StreamMetadata stream, long nowMillis, ToLongFunction<ShardMetadata> endOffset) {
        for (ShardMetadata shard : stream.shards()) {
            shards.put(shard.index(), shard);
        }
        this.nextIndex = stream.nextShardIndex();
        this.nowMillis = nowMillis;
        this.endOffset = endOffset;
    }

    /** Shards changes of this stream would plan against: no log is read, nothing is stored. */
    static ShardChanges planning(StreamMetadata stream) {
        return new ShardChanges(stream, 0, shard -> 0);
    }

    /** Applies one step; the caller has checked it is valid (open parents, key inside, adjacent). */
    void apply(ReshardStep step) {
        ShardMetadata parent = open(step.shard());
        if (step.isSplit()) {
            BigInteger key = step.newStartingHashKey();
            close(parent);
            add(parent.index(), null, parent.startingHashKey(), key.subtract(BigInteger.ONE));
            add(parent.index(), null, key, parent.endingHashKey());
        } else {
            ShardMetadata adjacent = open(step.adjacentShard());
            close(parent);
            close(adjacent);
            add(parent.index(), adjacent.index(), parent.startingHashKey(), adjacent.endingHashKey());
        }
    }

    /** The open shards, by starting hash key. */
    List<ShardMetadata> openShards() {
        List<ShardMetadata> open = new ArrayList<>();
        for (ShardMetadata shard : shards.values()) {
            if (shard.isOpen()) {
                open.add(shard);
            }
        }
        open.sort(ShardMetadata.BY_STARTING_HASH_KEY);
        return open;
    }

    /** {@code stream} (the one these changes started from) with them applied. */
    StreamMetadata applyTo(StreamMetadata stream) {
        return stream.withShards(List.copyOf(shards.values()), nextIndex);
    }

    private ShardMetadata open(int index) {
        ShardMetadata shard = shards.get(index);
        if (shard == null || !shard.isOpen()) {
            throw new IllegalStateException("shard " + index + " is not open");
        }
        return shard;
    }

    private void close(ShardMetadata shard) {
        long end = createdHere.contains(shard.index()) ? 0 : endOffset.applyAsLong(shard);
        shards.put(shard.index(), shard.closed(nowMillis, end));
    }

    private void add(int parent, Integer adjacentParent, BigInteger start, BigInteger end) {
        int index = nextIndex++;
        createdHere.add(index);
        shards.put(index, new ShardMetadata(index, parent, adjacentParent, start, end, nowMillis, null, null));
    }
}
