package dev.freshet.storage;

import java.io.IOException;
import java.util.List;

/**
 * The append-only record log of one shard.
 *
 * <p>Records are numbered by a dense, strictly increasing offset that starts at 0 and never repeats,
 * across restarts and retention. Each appended batch shares one arrival time; arrival times passed to
 * {@link #append} are expected to be non-decreasing (the log keeps them monotone by clamping a smaller
 * one up to the previous, so that time lookups stay a binary search).
 *
 * <p>Thread-safe: appends are serialized per log; reads run concurrently with appends and never see a
 * batch before {@link #append} has returned for it, nor any part of a batch that failed.
 */
public interface ShardLog extends AutoCloseable {

    /**
     * Appends {@code records} as one batch stamped {@code arrivalMillis}.
     *
     * <p>The returned {@link Append#durable()} completes once the batch is as durable as the configured
     * {@link FsyncPolicy} demands: written so that a process kill cannot lose it under every policy, and for
     * {@link FsyncPolicy#ALWAYS} forced to disk too (by a commit the storage's logs share). A read that starts
     * after this returned sees the batch.
     *
     * @param records at least one record
     * @throws IOException if the write failed; the log is then unchanged for readers
     */
    Append append(List<NewRecord> records, long arrivalMillis) throws IOException;

    /**
     * Reads records from {@code fromOffset} (raised to {@link #startOffset()} if below it), at most
     * {@code maxRecords} of them and, except that the first record is always returned whole, at most
     * {@code maxBytes} of partition key and data bytes in all.
     */
    ReadBatch read(long fromOffset, int maxRecords, long maxBytes) throws IOException;

    /** The offset of the oldest record still stored (equal to {@link #endOffset()} when empty). */
    long startOffset();

    /** The offset the next appended record gets. */
    long endOffset();

    /**
     * The offset of the first stored record that arrived at or after {@code timestampMillis}, or
     * {@link #endOffset()} if there is none yet.
     */
    long offsetAtOrAfter(long timestampMillis) throws IOException;

    /**
     * Deletes every whole segment whose records all arrived before {@code cutoffMillis}. The active
     * segment is kept. Offsets are not reused: {@link #startOffset()} moves forward.
     */
    void deleteBefore(long cutoffMillis) throws IOException;

    /** Bytes this log occupies in storage. */
    long sizeInBytes();

    /** Closes the log; idempotent. Appends and reads after close fail with {@link IllegalStateException}. */
    @Override
    void close();
}
