package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batches of a segment file from a start position up to a limit, with positional reads
 * through a read-ahead buffer so that many small batches cost few system calls. It never moves the
 * channel's own position, so any number of readers can share one channel with its writer.
 *
 * <p>Not thread-safe: one per read or scan.
 */
final class BatchReader {

    private final FileChannel channel;
    private final long limit;
    private final int readAhead;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    /** File position of {@code buffer}'s index 0. */
    private long bufferStart;
    private long position;

    /**
     * @param limit the file position up to which batches may be read (the published size of the segment)
     * @param readAhead how many bytes to read at once when the buffer runs dry
     */
    BatchReader(FileChannel channel, long position, long limit, int readAhead) {
        this.channel = channel;
        this.position = position;
        this.limit = limit;
        this.readAhead = readAhead;
    }

    long position() {
        return position;
    }

    boolean atEnd() {
        return position >= limit;
    }

    /** The header of the batch at the current position. */
    RecordBatch.Header header() throws IOException {
        long available = limit - position;
        if (available < RecordBatch.HEADER_SIZE) {
            throw new CorruptBatchException("batch header cut short at " + available + " bytes");
        }
        ensure(RecordBatch.HEADER_SIZE);
        return RecordBatch.readHeader(buffer, bufferIndex(), available);
    }

    /**
     * Loads the whole batch at the current position and returns a buffer holding it from index
     * {@link #batchIndex()}; valid until the reader moves on.
     */
    ByteBuffer load(RecordBatch.Header header) throws IOException {
        ensure(header.length());
        return buffer;
    }

    /** Where the current batch starts in the buffer returned by {@link #load}. */
    int batchIndex() {
        return bufferIndex();
    }

    /** Moves past the current batch without reading its records. */
    void skip(RecordBatch.Header header) {
        position += header.length();
    }

    private int bufferIndex() {
        return (int) (position - bufferStart);
    }

    private void ensure(int bytes) throws IOException {
        if (position >= bufferStart && position + bytes <= bufferStart + buffer.limit()) {
            return;
        }
        int size = (int) Math.min(Math.max(bytes, readAhead), limit - position);
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(size);
        }
        buffer.clear().limit(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CorruptBatchException("file ends at " + (position + buffer.position())
                        + " before the expected " + limit);
            }
        }
        buffer.flip();
        bufferStart = position;
    }
}
