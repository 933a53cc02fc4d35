package dev.freshet.streams;

import dev.freshet.api.Empty;
import dev.freshet.api.MergeShardsRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.SplitShardRequest;
import dev.freshet.api.StreamMode;
import dev.freshet.api.UpdateShardCountRequest;
import dev.freshet.api.UpdateShardCountResponse;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.api.errors.ValidationException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * SplitShard, MergeShards and UpdateShardCount. Each checks the request against the stream as AWS
 * does, then stores the splits and merges it makes as the stream's pending reshard and puts the
 * stream in UPDATING; the registry applies them when that time is over. Until then writers keep
 * writing to, and readers keep seeing, the old shards, as on AWS.
 *
 * <p>Thread-safe; changes go through {@link StreamRegistry#change}.
 */
final class Resharding {

    /** AWS allows this many UpdateShardCount calls per stream in a rolling day. */
    static final int SCALINGS_PER_DAY = 10;
    static final long DAY_MILLIS = 86_400_000L;

    private final StreamRegistry registry;
    private final Clock clock;
    private final int shardLimit;

    Resharding(StreamRegistry registry, Clock clock, int shardLimit) {
        this.registry = registry;
        this.clock = clock;
        this.shardLimit = shardLimit;
    }

    Empty splitShard(RequestContext context, SplitShardRequest request) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        int index = shardIndex(request.shardToSplit(), key);
        BigInteger newStart = new BigInteger(request.newStartingHashKey());
        Stream stream = registry.require(key);
        registry.change(stream, current -> {
            ShardMetadata shard = openShard(stream, index, key);
            if (newStart.compareTo(shard.startingHashKey().add(BigInteger.ONE)) <= 0
                    || newStart.compareTo(shard.endingHashKey()) >= 0) {
                throw new InvalidArgumentException("NewStartingHashKey " + newStart + " used in SplitShard() on shard "
                        + shard.shardId() + " in stream " + key.name() + " under account " + key.accountId()
                        + " is not both greater than one plus the shard's StartingHashKey " + shard.startingHashKey()
                        + " and less than the shard's EndingHashKey " + shard.endingHashKey() + ".");
            }
            requireProvisionedAndActive(stream, current, key, "SplitShard");
            registry.requireShardCapacity(key.accountId(), key.region(), 1, shardLimit);
            return registry.updating(current.withPendingReshard(List.of(ReshardStep.split(index, newStart))));
        });
        return new Empty();
    }

    Empty mergeShards(RequestContext context, MergeShardsRequest request) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        int lower = shardIndex(request.shardToMerge(), key);
        int upper = shardIndex(request.adjacentShardToMerge(), key);
        Stream stream = registry.require(key);
        registry.change(stream, current -> {
            ShardMetadata first = openShard(stream, lower, key);
            ShardMetadata second = openShard(stream, upper, key);
            if (!first.endingHashKey().add(BigInteger.ONE).equals(second.startingHashKey())) {
                throw new InvalidArgumentException("Shards " + first.shardId() + " and " + second.shardId()
                        + " in stream " + key.name() + " under account " + key.accountId()
                        + " are not an adjacent pair of shards eligible for merging");
            }
            requireProvisionedAndActive(stream, current, key, "MergeShards");
            return registry.updating(current.withPendingReshard(List.of(ReshardStep.merge(lower, upper))));
        });
        return new Empty();
    }

    UpdateShardCountResponse updateShardCount(RequestContext context, UpdateShardCountRequest request)
            throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        int target = request.targetShardCount();
        StreamMetadata updated = registry.change(stream, current -> {
            requireProvisionedAndActive(stream, current, key, "UpdateShardCount");
            long open = current.openShardCount();
            long others = registry.openShards(key.accountId(), key.region()) - open;
            if (target > shardLimit || others + target > shardLimit) {
                throw new LimitExceededException("Target shard count or number of open shards cannot be greater than "
                        + shardLimit + ". Current open shard count: " + open + ", Target shard count: " + target);
            }
            if (target > 2L * open) {
                throw new LimitExceededException("UpdateShardCount cannot scale up over double your current open "
                        + "shard count. Current open shard count: " + open + ", Target shard count: " + target);
            }
            if (2L * target < open) {
                throw new LimitExceededException("UpdateShardCount cannot scale down below half your current open "
                        + "shard count. Current open shard count: " + open + ", Target shard count: " + target);
            }
            long now = clock.millis();
            List<Long> scalings = withinLastDay(current.scalingsMillis(), now);
            if (scalings.size() >= SCALINGS_PER_DAY) {
                throw new LimitExceededException("Stream " + key.name() + " under account " + key.accountId()
                        + " has already been scaled " + SCALINGS_PER_DAY + " times in the last 24 hours; "
                        + "UpdateShardCount allows at most " + SCALINGS_PER_DAY + " in a rolling 24-hour period.");
            }
            scalings.add(now);
            return registry.updating(current.withScalings(scalings)
                    .withPendingReshard(UniformScaling.plan(current, target)));
        });
        // The plan is pending, so the shards (and the open count) are still those the request was checked against.
        return new UpdateShardCountResponse(updated.name(), (int) updated.openShardCount(), target, updated.arn());
    }

    /** The times in {@code millis} less than 24 hours before {@code nowMillis}, in a list that may grow. */
    static List<Long> withinLastDay(List<Long> millis, long nowMillis) {
        List<Long> recent = new ArrayList<>();
        for (long at : millis) {
            if (nowMillis - at < DAY_MILLIS) {
                recent.add(at);
            }
        }
        return recent;
    }

    /**
     * The index a ShardToSplit/ShardToMerge names. An id that names no shard at all is refused before
     * the stream is looked up, as AWS does.
     */
    private static int shardIndex(String shardId, StreamKey key) {
        long index = ShardMetadata.parseIndex(shardId);
        if (index < 0) {
            throw shardNotFound(shardId, key);
        }
        return (int) index;
    }

    /** The open shard {@code index} of {@code stream}; called inside a change, so its router is current. */
    private static ShardMetadata openShard(Stream stream, int index, StreamKey key) {
        ShardMetadata shard = stream.router().shard(index);
        if (shard == null) {
            throw shardNotFound(ShardMetadata.shardId(index), key);
        }
        if (!shard.isOpen()) {
            throw new InvalidArgumentException("Shard " + shard.shardId() + " in stream " + key.name()
                    + " under account " + key.accountId()
                    + " has already been merged or split, and thus is not eligible for merging or splitting.");
        }
        return shard;
    }

    private void requireProvisionedAndActive(Stream stream, StreamMetadata current, StreamKey key, String operation) {
        StatusRules.requireActive(registry, stream, key);
        if (current.mode() == StreamMode.ON_DEMAND) {
            throw new ValidationException(operation + " is not supported for streams in ON_DEMAND capacity mode. "
                    + "Switch stream " + key.name() + " to PROVISIONED with UpdateStreamMode first.");
        }
    }

    private static ResourceNotFoundException shardNotFound(String shardId, StreamKey key) {
        return new ResourceNotFoundException("Could not find shard " + shardId + " in stream " + key.name()
                + " under account " + key.accountId() + ".");
    }
}
