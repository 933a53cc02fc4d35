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
 * <p>Stateless and thread-safe; the channel is only read positionally.
 */
final class SegmentReads {

    private static final int READ_AHEAD = 64 << 10;

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
        BatchReader reader = startAt(channel, index, entry, size);
        long expected = entry < 0 ? baseOffset : baseOffset + index.relativeOffset(entry);
        long next = from;
        while (!reader.atEnd() && !out.full()) {
            RecordBatch.Header header = checkedHeader(reader, expected);
            if (header.nextOffset() > next) {
                ByteBuffer batch = reader.load(header);
                RecordBatch.verify(batch, reader.batchIndex(), header);
                RecordBatch.Cursor cursor = new RecordBatch.Cursor(batch, reader.batchIndex(), header);
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
            }
            reader.skip(header);
            expected = header.nextOffset();
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
     */
    static long firstAtOrAfter(FileChannel channel, IndexEntries index, long baseOffset, long size,
            long timestampMillis) throws IOException {
        int entry = index.lastBefore(timestampMillis);
        BatchReader reader = startAt(channel, index, entry, size);
        long expected = entry < 0 ? baseOffset : baseOffset + index.relativeOffset(entry);
        while (!reader.atEnd()) {
            RecordBatch.Header header = checkedHeader(reader, expected);
            if (header.arrivalMillis() >= timestampMillis) {
                return header.baseOffset();
            }
            reader.skip(header);
            expected = header.nextOffset();
        }
        return -1;
    }

    private static BatchReader startAt(FileChannel channel, IndexEntries index, int entry, long size) {
        long position = entry < 0 ? 0 : index.position(entry);
        return new BatchReader(channel, position, size, READ_AHEAD);
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
