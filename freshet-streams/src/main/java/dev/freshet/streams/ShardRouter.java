package dev.freshet.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds shards on the hot paths: routes a hash key to the open shard whose range holds it (the open
 * shards sorted by starting hash key, searched by bisection, so a put costs {@code O(log shards)}
 * however much a stream has been resharded), and looks any stored shard up by index for reads.
 *
 * <p>Bisection runs once per record put, over thousands of shards in a big stream: the range bounds
 * are kept as primitive halves side by side, so each step reads two longs of one array rather than
 * chasing a pointer to a key object.
 *
 * <p>Immutable and thread-safe (but for {@link #shardId(int)}'s cache, which is safe to race on);
 * {@link Stream} builds a new one whenever its metadata changes.
 */
final class ShardRouter {

    /** The open shards' starting hash keys: position {@code p}'s high half at {@code [2p]}, low at {@code [2p + 1]}. */
    private final long[] starts;
    /** The ending hash keys, laid out as {@link #starts}. */
    private final long[] ends;
    private final ShardMetadata[] shards;
    /**
     * The open shards' ids, by position, made on first use: a PutRecords answer names the shard of every
     * record, and formatting an id per shard per request is a few allocations that a 500-shard answer
     * would repeat 500 times. Threads may race to fill a slot; they store equal immutable strings.
     */
    private final String[] shardIds;
    private final Map<Integer, ShardMetadata> byIndex;

    private ShardRouter(List<ShardMetadata> open, List<ShardMetadata> all) {
        this.byIndex = new HashMap<>(all.size() * 2);
        for (ShardMetadata shard : all) {
            byIndex.put(shard.index(), shard);
        }
        this.shards = open.toArray(ShardMetadata[]::new);
        this.shardIds = new String[shards.length];
        this.starts = new long[2 * shards.length];
        this.ends = new long[2 * shards.length];
        for (int i = 0; i < shards.length; i++) {
            HashKey start = HashKey.of(shards[i].startingHashKey());
            HashKey end = HashKey.of(shards[i].endingHashKey());
            starts[2 * i] = start.high();
            starts[2 * i + 1] = start.low();
            ends[2 * i] = end.high();
            ends[2 * i + 1] = end.low();
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
        return shards[position(hashKey)];
    }

    /**
     * The position of the open shard that owns {@code hashKey} among the open shards in hash key order,
     * from 0; {@link #open(int)} gives the shard. A small number, so callers can group by it cheaply.
     */
    int position(HashKey hashKey) {
        int low = 0;
        int high = shards.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (compare(starts, middle, hashKey) <= 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        if (shards.length == 0 || compare(starts, low, hashKey) > 0 || compare(ends, low, hashKey) < 0) {
            throw new IllegalStateException("no open shard covers hash key " + hashKey.toBigInteger());
        }
        return low;
    }

    /** How many shards are open: positions run from 0 to this less one. */
    int openCount() {
        return shards.length;
    }

    /** The open shard at {@code position} (see {@link #position(HashKey)}). */
    ShardMetadata open(int position) {
        return shards[position];
    }

    /** The id of the open shard at {@code position}: {@code open(position).shardId()}, made once. */
    String shardId(int position) {
        String id = shardIds[position];
        if (id == null) {
            id = shards[position].shardId();
            shardIds[position] = id;
        }
        return id;
    }

    /** Compares the key at {@code position} of {@code keys} (laid out as {@link #starts}) with {@code key}. */
    private static int compare(long[] keys, int position, HashKey key) {
        int byHigh = Long.compareUnsigned(keys[2 * position], key.high());
        return byHigh != 0 ? byHigh : Long.compareUnsigned(keys[2 * position + 1], key.low());
    }
}
