package dev.freshet.bench;

import java.util.List;

/**
 * One GetRecords answer, reduced to what the phases need: the data of each record, in order, and where
 * to go on.
 *
 * @param data each record's payload
 * @param nextShardIterator the iterator for the next call, or null once a closed shard is read to its end
 * @param millisBehindLatest how far behind the tip this page is, or null if the server does not say
 */
record RecordsPage(List<byte[]> data, String nextShardIterator, Long millisBehindLatest) {

    /** True if this page is empty and the server says (or cannot say otherwise) that it is at the tip. */
    boolean atTip() {
        return data.isEmpty() && (millisBehindLatest == null || millisBehindLatest == 0L);
    }
}
