package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Lookups inside one segment, sealed or active: a binary search of its sparse index, then a scan of the
 * batches that follow the entry found. Every batch crossed is checked to continue the offsets, and every
 * batch whose records are returned is checked against its CRC, so a damaged segment fails the read
 * instead of serving bad records.
 *
 * <p>Cost, whatever the size of the log: the binary search, then a scan of at most one index interval of
 * batch headers (plus the batch holding the offset sought, which is read whole to check its CRC). A time
 * lookup reads headers only, and never past the next index entry, whose time already answers it; when the
 * segment's first batch answers it, it reads nothing at all.
 *
 * <p>Stateless and thread-safe; the channel is only read positionally.
 */
final class SegmentReads {

    /** Read-ahead of a record read: enough for a small GetRecords at once, doubling for larger ones. */
    private static final int READ_AHEAD = 16 << 10;
    private static final int MAX_READ_AHEAD = 256 << 10;
    /** Read-ahead of a time lookup, which reads only headers: little at first, since a big batch is skipped. */
    private static final int LOOKUP_READ_AHEAD = 4 << 10;
    private static final int MAX_LOOKUP_READ_AHEAD = 64 << 10;

    /** Opens a channel on the segment only when a lookup turns out to need one. */
    @FunctionalInterface
    interface ChannelSource {
        SharedChannel open() throws IOException;
    }

    private SegmentReads() {}

    /**
     * Adds the records of the segment from offset {@code from} on to {@code out}, until it is full or the
     * segment ends.
     *
     * @param size the segment's published size in bytes
     * @param endOffset the offset after the segment's last published record
     * @return the offset after the last record taken ({@code from} if none was)
     */
    static long read(FileChannel channel, IndexEntries index, long baseOffset, long size, long endOffset, long from,
            ReadCollector out) throws IOException {
        int entry = index.floorByOffset(from - baseOffset);
        long start = entry < 0 ? 0 : index.position(entry);
        long expected = entry < 0 ? baseOffset : baseOffset + index.relativeOffset(entry);
        long next = from;
        try (BatchReader reader = new BatchReader(channel, start, size, READ_AHEAD, MAX_READ_AHEAD)) {
            byte[] keyScratch = null;
            while (!reader.atEnd() && !out.full()) {
                RecordBatch.Header header = checkedHeader(reader, expected);
                if (header.nextOffset() > next) {
                    ByteBuffer batch = reader.load(header);
                    // the cursor below checks the framing of every record it walks
                    RecordBatch.checkCrc(batch, reader.batchIndex(), header);
                    RecordBatch.Cursor cursor = new RecordBatch.Cursor(batch, reader.batchIndex(), header, keyScratch);
                    try {
                        while (cursor.next()) {
                            if (cursor.offset() < next) {
                                continue;
                            }
                            if (!out.fits(cursor.payloadBytes())) {
                                return next;
                            }
                            out.add(cursor.toRecord(), cursor.payloadBytes());
                            next = cursor.offset() + 1;
                            if (out.full()) {
                                return next;
                            }
                        }
                    } finally {
                        keyScratch = cursor.keyScratch();
                    }
                }
                reader.skip(header);
                expected = header.nextOffset();
            }
        }
        if (!out.full() && expected != endOffset) {
            throw new CorruptBatchException("segment at " + baseOffset + " ends at offset " + expected
                    + " instead of " + endOffset);
        }
        return next;
    }

    /**
     * The offset of the first batch in the segment that arrived at or after {@code timestampMillis}, or -1 if
     * none did.
     *
     * @param channel opened only if the index alone does not answer; the caller closes nothing
     */
    static long firstAtOrAfter(ChannelSource channel, IndexEntries index, long baseOffset, long size,
            long timestampMillis) throws IOException {
        int entry = index.lastBefore(timestampMillis);
        if (entry < 0) {
            // the first batch (always indexed) already arrived at or after the time, or there is none
            return index.count() > 0 ? baseOffset : -1;
        }
        // The answer is a batch after the entry's and no later than the next entry's, whose time is at or
        // after the one sought by lastBefore's definition: scan the headers in between, and no further.
        boolean hasNext = entry + 1 < index.count();
        long start = index.position(entry);
        long stop = hasNext ? index.position(entry + 1) : size;
        long expected = baseOffset + index.relativeOffset(entry);
        int readAhead = (int) Math.min(stop - start + RecordBatch.HEADER_SIZE, LOOKUP_READ_AHEAD);
        try (SharedChannel shared = channel.open();
                BatchReader reader = new BatchReader(shared.channel(), start, size, readAhead,
                        MAX_LOOKUP_READ_AHEAD)) {
            while (reader.position() < stop) {
                RecordBatch.Header header = checkedHeader(reader, expected);
                if (header.arrivalMillis() >= timestampMillis) {
                    return header.baseOffset();
                }
                reader.skip(header);
                expected = header.nextOffset();
            }
        }
        if (!hasNext) {
            return -1;
        }
        long nextEntryOffset = baseOffset + index.relativeOffset(entry + 1);
        if (expected != nextEntryOffset) {
            throw new CorruptBatchException("batches before position " + stop + " end at offset " + expected
                    + ", but the index says " + nextEntryOffset);
        }
        return nextEntryOffset;
    }

    private static RecordBatch.Header checkedHeader(BatchReader reader, long expected) throws IOException {
        RecordBatch.Header header = reader.header();
        if (header.baseOffset() != expected) {
            throw new CorruptBatchException("batch at position " + reader.position() + " has base offset "
                    + header.baseOffset() + ", expected " + expected);
        }
        return header;
    }
}
