package dev.freshet.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds shards on the hot paths: routes a hash key to the open shard whose range holds it (the open
 * shards sorted by starting hash key, searched by bisection, so a put costs {@code O(log shards)}
 * however much a stream has been resharded), and looks any stored shard up by index for reads.
 *
 * <p>Immutable and thread-safe; {@link Stream} builds a new one whenever its metadata changes.
 */
final class ShardRouter {

    private final HashKey[] starts;
    private final HashKey[] ends;
    private final ShardMetadata[] shards;
    private final Map<Integer, ShardMetadata> byIndex;

    private ShardRouter(List<ShardMetadata> open, List<ShardMetadata> all) {
        this.byIndex = new HashMap<>(all.size() * 2);
        for (ShardMetadata shard : all) {
            byIndex.put(shard.index(), shard);
        }
        this.shards = open.toArray(ShardMetadata[]::new);
        this.starts = new HashKey[shards.length];
        this.ends = new HashKey[shards.length];
        for (int i = 0; i < shards.length; i++) {
            starts[i] = HashKey.of(shards[i].startingHashKey());
            ends[i] = HashKey.of(shards[i].endingHashKey());
        }
    }

    static ShardRouter of(StreamMetadata stream) {
        return new ShardRouter(stream.openShards(), stream.shards());
    }

    /** The stored shard with this index, or {@code null}. */
    ShardMetadata shard(long index) {
        return index < 0 || index > Integer.MAX_VALUE ? null : byIndex.get((int) index);
    }

    /** The open shard that owns {@code hashKey}, which must be in {@code [0, 2^128)}. */
    ShardMetadata route(HashKey hashKey) {
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
        if (shards.length == 0 || starts[low].compareTo(hashKey) > 0 || ends[low].compareTo(hashKey) < 0) {
            throw new IllegalStateException("no open shard covers hash key " + hashKey.toBigInteger());
        }
        return shards[low];
    }
}
