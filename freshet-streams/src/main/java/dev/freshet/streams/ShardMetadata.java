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

    static String shardId(long index) {
        return String.format("shardId-%012d", index);
    }

    /**
     * The index in a shard id: {@code shardId-000000000001}, also written with fewer digits, or
     * {@code -1} if {@code shardId} names no shard.
     */
    static long parseIndex(String shardId) {
        int dash = shardId.lastIndexOf('-');
        String digits = shardId.substring(dash + 1);
        if (digits.isEmpty() || digits.length() > 12 || (dash >= 0 && !shardId.startsWith("shardId-"))) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
