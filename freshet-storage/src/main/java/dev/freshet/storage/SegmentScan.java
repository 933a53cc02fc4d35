package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The result of reading a segment file from its start and checking every batch (framing, CRC, offset
 * continuity, monotone arrival times): how far it is intact, and the index of that intact prefix.
 *
 * <p>Immutable except for {@link #index()}, a builder the caller takes over when the scanned segment
 * becomes the active one.
 *
 * @param validBytes the length of the intact prefix
 * @param nextOffset the offset after the last intact batch (the base offset if there is none)
 * @param maxTimestamp the arrival time of the last intact batch, or {@code Long.MIN_VALUE} if none
 * @param index the index of the intact prefix
 * @param problem why the scan stopped before the end of the file, or null if the whole file is intact
 */
record SegmentScan(long validBytes, long nextOffset, long maxTimestamp, IndexEntries.Builder index,
        String problem) {

    private static final int READ_AHEAD = 1 << 20;

    boolean intact() {
        return problem == null;
    }

    /**
     * Scans {@code size} bytes of the segment on {@code channel}.
     *
     * @param previousArrival the last arrival time of the preceding segment, which this one's must not undercut
     */
    static SegmentScan of(FileChannel channel, long baseOffset, long size, long previousArrival,
            int indexIntervalBytes) throws IOException {
        try (BatchReader reader = new BatchReader(channel, 0, size, READ_AHEAD, READ_AHEAD)) {
            return scan(reader, indexIntervalBytes, baseOffset, size, previousArrival);
        }
    }

    private static SegmentScan scan(BatchReader reader, int indexIntervalBytes, long baseOffset, long size,
            long previousArrival) throws IOException {
        IndexEntries.Builder index = new IndexEntries.Builder(indexIntervalBytes);
        long expected = baseOffset;
        long lastArrival = previousArrival;
        long maxTimestamp = Long.MIN_VALUE;
        String problem = null;
        while (!reader.atEnd()) {
            long position = reader.position();
            try {
                RecordBatch.Header header = reader.header();
                if (header.baseOffset() != expected) {
                    throw new CorruptBatchException("base offset " + header.baseOffset() + ", expected " + expected);
                }
                if (header.arrivalMillis() < lastArrival) {
                    throw new CorruptBatchException("arrival time goes back at offset " + expected);
                }
                ByteBuffer batch = reader.load(header);
                RecordBatch.verify(batch, reader.batchIndex(), header);
                index.onBatch(expected - baseOffset, position, header.arrivalMillis());
                reader.skip(header);
                expected = header.nextOffset();
                lastArrival = header.arrivalMillis();
                maxTimestamp = lastArrival;
            } catch (CorruptBatchException e) {
                problem = "at position " + position + ": " + e.getMessage();
                break;
            }
        }
        long validBytes = problem == null ? size : reader.position();
        return new SegmentScan(validBytes, expected, maxTimestamp, index, problem);
    }
}
