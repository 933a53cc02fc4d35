package dev.freshet.streams;

import java.math.BigInteger;

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

    String shardId() {
        return shardId(index);
    }

    boolean isOpen() {
        return closedAtMillis == null;
    }

    HashKeys.Range range() {
        return new HashKeys.Range(startingHashKey, endingHashKey);
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
