package dev.freshet.storage;

import java.util.Arrays;

/**
 * The sparse index of one segment: entries at batch boundaries, each mapping the batch's offset
 * (relative to the segment's base offset) to its file position and its arrival time. Offsets, positions
 * and times all grow with the entry number, so both "where is offset o" and "where do arrivals reach t"
 * are a binary search followed by a scan of at most about one index interval of batches.
 *
 * <p>Immutable once published: a snapshot shares arrays with its {@link Builder}, which only ever writes
 * past the count of every snapshot it has handed out. Safe for concurrent readers.
 */
final class IndexEntries {

    /** Bytes per entry in an index file: relative offset (4), position (4), arrival time (8). */
    static final int ENTRY_BYTES = 16;

    static final IndexEntries EMPTY = new IndexEntries(new int[0], new int[0], new long[0], 0);

    private final int[] relativeOffsets;
    private final int[] positions;
    private final long[] timestamps;
    private final int count;

    IndexEntries(int[] relativeOffsets, int[] positions, long[] timestamps, int count) {
        this.relativeOffsets = relativeOffsets;
        this.positions = positions;
        this.timestamps = timestamps;
        this.count = count;
    }

    int count() {
        return count;
    }

    int relativeOffset(int entry) {
        return relativeOffsets[entry];
    }

    int position(int entry) {
        return positions[entry];
    }

    long timestamp(int entry) {
        return timestamps[entry];
    }

    /** Heap bytes held, for cache accounting. */
    long sizeInBytes() {
        return 64 + (long) relativeOffsets.length * ENTRY_BYTES;
    }

    /** These entries in arrays of exactly their count, for keeping them long after their builder is gone. */
    IndexEntries compact() {
        if (relativeOffsets.length == count) {
            return this;
        }
        return new IndexEntries(Arrays.copyOf(relativeOffsets, count), Arrays.copyOf(positions, count),
                Arrays.copyOf(timestamps, count), count);
    }

    /** The last entry whose relative offset is at most {@code relativeOffset}, or -1 if none. */
    int floorByOffset(long relativeOffset) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (relativeOffsets[mid] <= relativeOffset) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }

    /** The last entry whose batch arrived strictly before {@code timestampMillis}, or -1 if none. */
    int lastBefore(long timestampMillis) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (timestamps[mid] < timestampMillis) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }

    /**
     * Accumulates the entries of a segment as its batches are appended or scanned, deciding where entries
     * go. Not thread-safe: owned by the single writer of a segment.
     */
    static final class Builder {
        private final int intervalBytes;
        private int[] relativeOffsets = new int[16];
        private int[] positions = new int[16];
        private long[] timestamps = new long[16];
        private int count;
        private long lastIndexedPosition;
        private IndexEntries snapshot = EMPTY;

        Builder(int intervalBytes) {
            this.intervalBytes = intervalBytes;
        }

        /**
         * Records the batch at {@code position} if it is the segment's first or lies at least the index
         * interval after the last indexed one.
         */
        void onBatch(long relativeOffset, long position, long arrivalMillis) {
            if (count > 0 && position - lastIndexedPosition < intervalBytes) {
                return;
            }
            if (count == positions.length) {
                int capacity = count * 2;
                relativeOffsets = Arrays.copyOf(relativeOffsets, capacity);
                positions = Arrays.copyOf(positions, capacity);
                timestamps = Arrays.copyOf(timestamps, capacity);
            }
            relativeOffsets[count] = Math.toIntExact(relativeOffset);
            positions[count] = Math.toIntExact(position);
            timestamps[count] = arrivalMillis;
            count++;
            lastIndexedPosition = position;
        }

        /** The entries so far, as an immutable snapshot (the same object while nothing was added). */
        IndexEntries snapshot() {
            if (snapshot.count != count) {
                snapshot = new IndexEntries(relativeOffsets, positions, timestamps, count);
            }
            return snapshot;
        }
    }
}
