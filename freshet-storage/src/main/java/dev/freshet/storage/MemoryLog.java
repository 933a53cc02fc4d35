package dev.freshet.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The records of one in-memory log, laid out in segments exactly as the file backend would lay them out
 * (same batch sizes, same rolling rule), so that {@link #deleteBefore} drops the same records on both.
 * Outlives the {@link MemoryShardLog} handles that open it.
 *
 * <p>Thread-safe: a read-write lock lets reads run in parallel with each other; appends and deletions
 * exclude them briefly. Stored byte arrays are copies, never shared with callers.
 */
final class MemoryLog {

    /** A batch as appended; its records carry their offsets and clamped arrival time. */
    private record Batch(long baseOffset, long arrivalMillis, StoredRecord[] records, int[] payloadBytes) {
        long nextOffset() {
            return baseOffset + records.length;
        }
    }

    private static final class Segment {
        final long baseOffset;
        final List<Batch> batches = new ArrayList<>();
        long bytes;

        Segment(long baseOffset) {
            this.baseOffset = baseOffset;
        }

        long maxTimestamp() {
            return batches.get(batches.size() - 1).arrivalMillis();
        }
    }

    private final long segmentBytes;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by lock; never empty, the last one is active. */
    private final List<Segment> segments = new ArrayList<>();
    /** Guarded by lock. */
    private long endOffset;
    /** Guarded by lock. */
    private long lastArrival = Long.MIN_VALUE;

    MemoryLog(long segmentBytes) {
        this.segmentBytes = segmentBytes;
        segments.add(new Segment(0));
    }

    long append(List<NewRecord> records, long arrivalMillis) {
        long size = RecordBatch.sizeOf(records);
        int count = records.size();
        String[] keys = new String[count];
        byte[][] data = new byte[count][];
        int[] payloadBytes = new int[count];
        for (int i = 0; i < count; i++) {
            // round-trip the key through UTF-8 so that it reads back exactly as from disk
            byte[] key = records.get(i).partitionKey().getBytes(StandardCharsets.UTF_8);
            keys[i] = new String(key, StandardCharsets.UTF_8);
            data[i] = records.get(i).data().clone();
            payloadBytes[i] = key.length + data[i].length;
        }
        lock.writeLock().lock();
        try {
            long baseOffset = endOffset;
            long arrival = Math.max(arrivalMillis, lastArrival);
            StoredRecord[] stored = new StoredRecord[count];
            for (int i = 0; i < count; i++) {
                stored[i] = new StoredRecord(baseOffset + i, arrival, keys[i], data[i]);
            }
            Segment active = segments.get(segments.size() - 1);
            if (active.bytes > 0 && active.bytes + size > segmentBytes) {
                active = new Segment(baseOffset);
                segments.add(active);
            }
            active.batches.add(new Batch(baseOffset, arrival, stored, payloadBytes));
            active.bytes += size;
            endOffset = baseOffset + count;
            lastArrival = arrival;
            return baseOffset;
        } finally {
            lock.writeLock().unlock();
        }
    }

    ReadBatch read(long fromOffset, ReadCollector out) {
        lock.readLock().lock();
        try {
            long next = Math.max(fromOffset, startOffset());
            for (int s = segmentOf(next); s < segments.size() && !out.full() && next < endOffset; s++) {
                List<Batch> batches = segments.get(s).batches;
                for (int b = batchOf(batches, next); b < batches.size() && !out.full(); b++) {
                    Batch batch = batches.get(b);
                    for (int i = (int) (next - batch.baseOffset()); i < batch.records().length; i++) {
                        if (!out.fits(batch.payloadBytes()[i])) {
                            break;
                        }
                        StoredRecord r = batch.records()[i];
                        out.add(new StoredRecord(r.offset(), r.arrivalMillis(), r.partitionKey(), r.data().clone()),
                                batch.payloadBytes()[i]);
                        next = r.offset() + 1;
                        if (out.full()) {
                            break;
                        }
                    }
                }
            }
            return out.result(next);
        } finally {
            lock.readLock().unlock();
        }
    }

    long startOffset() {
        lock.readLock().lock();
        try {
            return segments.get(0).baseOffset;
        } finally {
            lock.readLock().unlock();
        }
    }

    long endOffset() {
        lock.readLock().lock();
        try {
            return endOffset;
        } finally {
            lock.readLock().unlock();
        }
    }

    long offsetAtOrAfter(long timestampMillis) {
        lock.readLock().lock();
        try {
            for (Segment segment : segments) {
                if (!segment.batches.isEmpty() && segment.maxTimestamp() >= timestampMillis) {
                    List<Batch> batches = segment.batches;
                    int low = 0;
                    int high = batches.size() - 1;
                    while (low < high) {
                        int mid = (low + high) >>> 1;
                        if (batches.get(mid).arrivalMillis() < timestampMillis) {
                            low = mid + 1;
                        } else {
                            high = mid;
                        }
                    }
                    return batches.get(low).baseOffset();
                }
            }
            return endOffset;
        } finally {
            lock.readLock().unlock();
        }
    }

    void deleteBefore(long cutoffMillis) {
        lock.writeLock().lock();
        try {
            while (segments.size() > 1 && segments.get(0).maxTimestamp() < cutoffMillis) {
                segments.remove(0);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** What the same batches would occupy on disk, without index files. */
    long sizeInBytes() {
        lock.readLock().lock();
        try {
            long bytes = 0;
            for (Segment segment : segments) {
                bytes += segment.bytes;
            }
            return bytes;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Guarded by lock (read). */
    private int segmentOf(long offset) {
        int low = 0;
        int high = segments.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (segments.get(mid).baseOffset <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static int batchOf(List<Batch> batches, long offset) {
        int low = 0;
        int high = batches.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (batches.get(mid).baseOffset() <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
