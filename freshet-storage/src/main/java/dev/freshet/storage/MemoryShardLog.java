package dev.freshet.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An open handle on a {@link MemoryLog}. Appends are durable at once, as far as memory is.
 *
 * <p>Thread-safe.
 */
final class MemoryShardLog implements ShardLog {

    private final String name;
    private final MemoryLog log;
    private volatile boolean closed;

    MemoryShardLog(String name, MemoryLog log) {
        this.name = name;
        this.log = log;
    }

    boolean isOpen() {
        return !closed;
    }

    @Override
    public Append append(List<NewRecord> records, long arrivalMillis) {
        ensureOpen();
        return new Append(log.append(records, arrivalMillis), CompletableFuture.completedFuture(null));
    }

    @Override
    public ReadBatch read(long fromOffset, int maxRecords, long maxBytes) {
        ReadCollector out = new ReadCollector(maxRecords, maxBytes);
        ensureOpen();
        return log.read(fromOffset, out);
    }

    @Override
    public long startOffset() {
        return log.startOffset();
    }

    @Override
    public long endOffset() {
        return log.endOffset();
    }

    @Override
    public long offsetAtOrAfter(long timestampMillis) {
        ensureOpen();
        return log.offsetAtOrAfter(timestampMillis);
    }

    @Override
    public void deleteBefore(long cutoffMillis) {
        ensureOpen();
        log.deleteBefore(cutoffMillis);
    }

    @Override
    public long sizeInBytes() {
        return log.sizeInBytes();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MemoryShardLog[" + name + "]";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log " + name + " is closed");
        }
    }
}
