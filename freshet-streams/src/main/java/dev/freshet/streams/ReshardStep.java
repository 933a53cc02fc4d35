package dev.freshet.streams;

import java.math.BigInteger;

/**
 * One pairwise reshard, the only kind AWS makes: a split of an open shard at a hash key, or a merge
 * of two open shards whose ranges touch. UpdateShardCount and on-demand scaling are sequences of
 * these, so every child has at most two parents and lineage stays what the KCL expects.
 *
 * <p>Stored in {@link StreamMetadata#pendingReshard()} while the stream is UPDATING, hence a flat
 * record (one JSON object) rather than a class per kind.
 *
 * @param shard the shard to split, or the lower shard of a merge
 * @param adjacentShard the upper shard of a merge; {@code null} for a split
 * @param newStartingHashKey the first hash key of the split's upper child; {@code null} for a merge
 */
record ReshardStep(int shard, Integer adjacentShard, BigInteger newStartingHashKey) {

    static ReshardStep split(int shard, BigInteger newStartingHashKey) {
        return new ReshardStep(shard, null, newStartingHashKey);
    }

    static ReshardStep merge(int lower, int upper) {
        return new ReshardStep(lower, upper, null);
    }

    boolean isSplit() {
        return newStartingHashKey != null;
    }
}
