package dev.freshet.bench;

import java.util.BitSet;

/**
 * What a PutRecords call acknowledged: every record of the request except those the service rejected
 * (AWS rejects single records of a batch with an {@code ErrorCode}, e.g. when a shard is throttled).
 *
 * <p>Not thread-safe (the bit set is mutable); each outcome belongs to the thread that made the call.
 *
 * @param records how many records the request carried
 * @param rejected the indexes of the rejected records
 */
record PutOutcome(int records, BitSet rejected) {

    boolean acknowledged(int index) {
        return !rejected.get(index);
    }

    int acknowledgedCount() {
        return records - rejected.cardinality();
    }
}
