package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batches of a segment file from a start position up to a limit, with positional reads
 * through a read-ahead buffer so that many small batches cost few system calls. It never moves the
 * channel's own position, so any number of readers can share one channel with its writer.
 *
 * <p>The read-ahead starts small and doubles with each refill up to a maximum, so that a lookup that needs
 * a few headers reads a few KiB while a long scan soon reads in large blocks. The buffer is the thread's
 * {@link ScratchBuffers scratch buffer}, given back by {@link #close()}.
 *
 * <p>Not thread-safe: one per read or scan, on one thread.
 */
final class BatchReader implements AutoCloseable {

    private final FileChannel channel;
    private final long limit;
    private final int maxReadAhead;
    private int readAhead;
    private ByteBuffer buffer;
    /** File position of {@code buffer}'s index 0. */
    private long bufferStart;
    private long position;

    /**
     * @param limit the file position up to which batches may be read (the published size of the segment)
     * @param readAhead how many bytes to read at once when the buffer first runs dry
     * @param maxReadAhead the most to read at once, which the read-ahead doubles up to with each refill
     */
    BatchReader(FileChannel channel, long position, long limit, int readAhead, int maxReadAhead) {
        this.channel = channel;
        this.position = position;
        this.limit = limit;
        this.readAhead = Math.max(RecordBatch.HEADER_SIZE, Math.min(readAhead, maxReadAhead));
        this.maxReadAhead = Math.max(this.readAhead, maxReadAhead);
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

    /** Gives the buffer back for the thread's next reader; the reader must not be used afterwards. */
    @Override
    public void close() {
        ScratchBuffers.giveBack(ScratchBuffers.Use.READ, buffer);
        buffer = null;
    }

    private int bufferIndex() {
        return (int) (position - bufferStart);
    }

    private void ensure(int bytes) throws IOException {
        if (buffer != null && position >= bufferStart && position + bytes <= bufferStart + buffer.limit()) {
            return;
        }
        int size = (int) Math.min(Math.max(bytes, readAhead), limit - position);
        if (buffer == null || buffer.capacity() < size) {
            ByteBuffer smaller = buffer;
            buffer = ScratchBuffers.take(ScratchBuffers.Use.READ, size);
            ScratchBuffers.giveBack(ScratchBuffers.Use.READ, smaller);
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
        readAhead = (int) Math.min((long) readAhead * 2, maxReadAhead);
    }
}
