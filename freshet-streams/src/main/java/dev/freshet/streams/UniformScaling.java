package dev.freshet.streams;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans UpdateShardCount's UNIFORM_SCALING as AWS carries it out: pairwise splits and merges (never
 * a shard with three parents) that leave {@code target} open shards over ranges as even as
 * {@link HashKeys#split} makes them.
 *
 * <p>First every open shard is split at each target boundary strictly inside it; then the shards
 * between two boundaries are merged left to right into one. A target boundary within a few keys of
 * an existing one (the two computed with different floor roundings, e.g. 4 → 6 shards) is taken as
 * that boundary rather than cut into a sliver shard. Doubling is thus one split per shard and
 * halving one merge per pair, as on AWS.
 *
 * <p>Stateless and thread-safe.
 */
final class UniformScaling {

    private UniformScaling() {}

    static List<ReshardStep> plan(StreamMetadata stream, int target) {
        ShardChanges plan = ShardChanges.planning(stream);
        List<ReshardStep> steps = new ArrayList<>();
        BigInteger tolerance = BigInteger.valueOf(Math.max(target, plan.openShards().size()) + 1L);
        List<BigInteger> boundaries = new ArrayList<>();
        for (HashKeys.Range range : HashKeys.split(target).subList(1, target)) {
            BigInteger boundary = range.start();
            ShardMetadata shard = containing(plan.openShards(), boundary);
            BigInteger lower = shard.startingHashKey();
            BigInteger upper = shard.endingHashKey().add(BigInteger.ONE);
            if (boundary.subtract(lower).compareTo(tolerance) <= 0) {
                boundaries.add(lower);
            } else if (upper.subtract(boundary).compareTo(tolerance) <= 0) {
                boundaries.add(upper);
            } else {
                ReshardStep split = ReshardStep.split(shard.index(), boundary);
                plan.apply(split);
                steps.add(split);
                boundaries.add(boundary);
            }
        }
        boundaries.add(HashKeys.SPACE);
        int next = 0;
        for (BigInteger boundary : boundaries) {
            List<ShardMetadata> within = new ArrayList<>();
            for (ShardMetadata shard : plan.openShards()) {
                if (shard.endingHashKey().compareTo(boundary) < 0
                        && (next == 0 || shard.startingHashKey().compareTo(boundaries.get(next - 1)) >= 0)) {
                    within.add(shard);
                }
            }
            ShardMetadata merged = within.get(0);
            for (ShardMetadata upper : within.subList(1, within.size())) {
                ReshardStep merge = ReshardStep.merge(merged.index(), upper.index());
                plan.apply(merge);
                steps.add(merge);
                merged = lastOpened(plan);
            }
            next++;
        }
        return steps;
    }

    private static ShardMetadata containing(List<ShardMetadata> open, BigInteger key) {
        for (ShardMetadata shard : open) {
            if (shard.covers(key)) {
                return shard;
            }
        }
        throw new IllegalStateException("the open shards do not cover hash key " + key);
    }

    private static ShardMetadata lastOpened(ShardChanges plan) {
        ShardMetadata last = null;
        for (ShardMetadata shard : plan.openShards()) {
            if (last == null || shard.index() > last.index()) {
                last = shard;
            }
        }
        return last;
    }
}
