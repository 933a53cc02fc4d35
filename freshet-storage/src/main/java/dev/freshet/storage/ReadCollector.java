package dev.freshet.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The limits of one {@link ShardLog#read}, applied record by record in offset order, identically by every
 * backend: at most {@code maxRecords} records and, except that the first is always taken whole, at most
 * {@code maxBytes} of partition key (UTF-8) and data bytes. The first record that does not fit ends the
 * read, so the records returned are always contiguous.
 *
 * <p>Not thread-safe: one per read.
 */
final class ReadCollector {

    private final int maxRecords;
    private final long maxBytes;
    private final List<StoredRecord> records;
    private long bytes;
    private boolean full;

    ReadCollector(int maxRecords, long maxBytes) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.records = new ArrayList<>(Math.min(maxRecords, 1000));
    }

    /**
     * Whether a record of {@code payloadBytes} key and data bytes may be taken next; once one may not, the
     * collector is full for good.
     */
    boolean fits(int payloadBytes) {
        if (!full && !records.isEmpty() && bytes + payloadBytes > maxBytes) {
            full = true;
        }
        return !full;
    }

    /** Takes a record that {@link #fits}. */
    void add(StoredRecord record, int payloadBytes) {
        records.add(record);
        bytes += payloadBytes;
        if (records.size() == maxRecords) {
            full = true;
        }
    }

    boolean full() {
        return full;
    }

    /** The batch read, resuming at {@code nextOffset}. */
    ReadBatch result(long nextOffset) {
        // nobody else holds the list: an unmodifiable view spares copying it
        return new ReadBatch(Collections.unmodifiableList(records), nextOffset);
    }
}
