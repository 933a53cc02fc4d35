package dev.freshet.streams;

import java.math.BigInteger;
import java.util.List;

/**
 * Routes a hash key to the open shard whose range holds it: the open shards sorted by starting hash
 * key, searched by bisection, so a put costs {@code O(log shards)} however much a stream has been
 * resharded.
 *
 * <p>Immutable and thread-safe; {@link Stream} builds a new one whenever its metadata changes.
 */
final class ShardRouter {

    private final BigInteger[] starts;
    private final ShardMetadata[] shards;

    private ShardRouter(List<ShardMetadata> open) {
        this.shards = open.toArray(ShardMetadata[]::new);
        this.starts = new BigInteger[shards.length];
        for (int i = 0; i < shards.length; i++) {
            starts[i] = shards[i].startingHashKey();
        }
    }

    static ShardRouter of(StreamMetadata stream) {
        return new ShardRouter(stream.shards().stream()
                .filter(ShardMetadata::isOpen)
                .sorted((a, b) -> a.startingHashKey().compareTo(b.startingHashKey()))
                .toList());
    }

    /** The open shard that owns {@code hashKey}, which must be in {@code [0, 2^128)}. */
    ShardMetadata route(BigInteger hashKey) {
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (starts[middle].compareTo(hashKey) <= 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        ShardMetadata shard = shards.length == 0 ? null : shards[low];
        if (shard == null || !shard.range().contains(hashKey)) {
            throw new IllegalStateException("no open shard covers hash key " + hashKey);
        }
        return shard;
    }
}
