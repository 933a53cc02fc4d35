package dev.freshet.streams;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * What is stored about one shard. A shard is open until {@code closedAtMillis} is set; its records
 * then end at {@code endOffset} (exclusive).
 *
 * @param index the NNN of {@code shardId-NNN}; unique and increasing within a stream
 * @param parentIndex the shard this one was split or merged from, or {@code null}
 * @param adjacentParentIndex the other parent of a merge, or {@code null}
 */
record ShardMetadata(
        int index,
        Integer parentIndex,
        Integer adjacentParentIndex,
        BigInteger startingHashKey,
        BigInteger endingHashKey,
        long openedAtMillis,
        Long closedAtMillis,
        Long endOffset) {

    /** Shards in hash key order: the order open shards cover the key space in. */
    static final Comparator<ShardMetadata> BY_STARTING_HASH_KEY =
            Comparator.comparing(ShardMetadata::startingHashKey);

    String shardId() {
        return shardId(index);
    }

    boolean isOpen() {
        return closedAtMillis == null;
    }

    /**
     * Whether this shard was closed before {@code millis}: a closed shard vanishes from listings, and
     * is dropped with its log, once it closed before the retention cutoff (every record in it is past
     * retention then).
     */
    boolean closedBefore(long millis) {
        return closedAtMillis != null && closedAtMillis < millis;
    }

    /** Whether a reader at {@code offset} has read every record of this shard: it is closed and ends there. */
    boolean exhaustedAt(long offset) {
        return closedAtMillis != null && offset >= endOffset;
    }

    /** Whether {@code key} is in this shard's hash key range. */
    boolean covers(BigInteger key) {
        return startingHashKey.compareTo(key) <= 0 && key.compareTo(endingHashKey) <= 0;
    }

    /** {@code shardId-} and the index in twelve digits; not {@code String.format}, which is slow per record. */
    static String shardId(long index) {
        String digits = Long.toString(index);
        return "shardId-" + "000000000000".substring(Math.min(12, digits.length())) + digits;
    }

    /**
     * The index a shard id names, read as AWS reads it: the decimal number after the last {@code -}
     * whatever comes before (so {@code shardId-000000000001}, {@code shardId-1} and {@code x-1} all
     * name shard 1), or a bare number; {@code -1} if it names no shard (no number, or one above
     * {@code 2^31 - 1}).
     */
    static long parseIndex(String shardId) {
        String digits = shardId.substring(shardId.lastIndexOf('-') + 1);
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        digits = digits.substring(first);
        if (digits.isEmpty() || digits.length() > 10) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        long index = Long.parseLong(digits);
        return index > Integer.MAX_VALUE ? -1 : index;
    }

    /** This shard, closed at {@code nowMillis} with its records ending at {@code endOffset}. */
    ShardMetadata closed(long nowMillis, long endOffset) {
        return new ShardMetadata(index, parentIndex, adjacentParentIndex, startingHashKey, endingHashKey,
                openedAtMillis, nowMillis, endOffset);
    }
}
