package dev.freshet.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A segment that no longer changes. Its summary (offsets, size, newest arrival time) stays in memory; its
 * index entries are loaded on demand through the storage's {@link IndexCache} from the index file, which
 * is rebuilt by scanning the segment if it is missing or invalid. Reads share one read-only channel, opened
 * on first use and kept open within the storage's {@link OpenFiles} budget, which closes it again when the
 * segment has not been read for a while (reads in progress keep it open until they finish).
 *
 * <p>Thread-safe: the summary is immutable; loading the index is serialized per segment by its monitor;
 * the channel's lifecycle is guarded by a separate lock, so a read never waits for an index load to get
 * its channel, nor does making room in the budget.
 */
final class SealedSegment extends OpenFiles.Handle {

    private static final System.Logger LOG = System.getLogger(SealedSegment.class.getName());

    private final Path logPath;
    private final Path indexPath;
    private final long baseOffset;
    private final long nextOffset;
    private final long sizeBytes;
    private final long maxTimestamp;
    private final IndexCache cache;
    private final int indexIntervalBytes;
    private final boolean forceIndex;
    private final OpenFiles files;
    private final Object channelLock = new Object();
    /** Guarded by channelLock: the shared read channel, or null while closed. */
    private SharedChannel channel;
    /** Guarded by channelLock: once deleted or its log closed, reads get private channels. */
    private boolean channelRetired;
    /** The header of the index file as last written or read; null if there is no valid index file. */
    private volatile IndexFile.Header indexHeader;
    /** Guarded by this: once deleted or its log closed, loaded entries are no longer cached. */
    private boolean retired;

    /**
     * @param indexHeader the header of the segment's valid index file, or null to build one when needed
     * @param forceIndex whether a rebuilt index file is forced to disk
     * @param files the budget of open files the segment's read channel counts against
     */
    SealedSegment(Path logPath, Path indexPath, long baseOffset, long nextOffset, long sizeBytes, long maxTimestamp,
            IndexFile.Header indexHeader, IndexCache cache, int indexIntervalBytes, boolean forceIndex,
            OpenFiles files) {
        this.logPath = logPath;
        this.indexPath = indexPath;
        this.baseOffset = baseOffset;
        this.nextOffset = nextOffset;
        this.sizeBytes = sizeBytes;
        this.maxTimestamp = maxTimestamp;
        this.indexHeader = indexHeader;
        this.cache = cache;
        this.indexIntervalBytes = indexIntervalBytes;
        this.forceIndex = forceIndex;
        this.files = files;
    }

    /**
     * A segment that recovery scanned whole and found intact, but whose index file was missing or invalid:
     * writes the index file again (a failure is only logged; the file is retried when next needed) and
     * caches the scanned entries.
     */
    static SealedSegment afterScan(Path logPath, Path indexPath, long baseOffset, long sizeBytes, SegmentScan scan,
            IndexCache cache, int indexIntervalBytes, boolean forceIndex, OpenFiles files) {
        SealedSegment segment = new SealedSegment(logPath, indexPath, baseOffset, scan.nextOffset(), sizeBytes,
                scan.maxTimestamp(), null, cache, indexIntervalBytes, forceIndex, files);
        IndexEntries entries = scan.index().snapshot().compact();
        segment.writeIndex(entries);
        cache.put(segment, entries);
        return segment;
    }

    long baseOffset() {
        return baseOffset;
    }

    long nextOffset() {
        return nextOffset;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    /** Bytes on disk: the segment and its index file. */
    long sizeOnDisk() {
        IndexFile.Header header = indexHeader;
        return sizeBytes + (header == null ? 0 : header.fileSize());
    }

    /**
     * A channel for one read, which the caller closes afterwards: the segment's shared one, opened if need
     * be, or a private one once the segment was deleted or its log closed (a reader working from an older
     * view; if the file is gone, that fails with {@link java.nio.file.NoSuchFileException}).
     */
    SharedChannel openForReading() throws IOException {
        SharedChannel target;
        boolean overBudget = false;
        synchronized (channelLock) {
            if (channelRetired) {
                return SharedChannel.openForReading(logPath);
            }
            target = channel;
            if (target == null || !target.channel().isOpen()) {
                // not yet used, evicted, or closed by a reader's interrupt
                SharedChannel fresh = SharedChannel.openForReading(logPath);
                channel = fresh;
                if (target != null) {
                    dropQuietly(target);
                }
                target = fresh;
                overBudget = files.add(this);
            }
            target.retain();
        }
        touch();
        if (overBudget) {
            files.trim();
        }
        return target;
    }

    /** Whether the shared read channel is open now (for tests). */
    boolean isOpen() {
        synchronized (channelLock) {
            return channel != null;
        }
    }

    /** Closes the shared read channel to make room; reads in progress keep it until they finish. */
    @Override
    void evict() {
        synchronized (channelLock) {
            closeChannelLocked();
        }
    }

    /** The segment's index entries, from the cache, the index file or, failing both, a scan of the segment. */
    IndexEntries entries() throws IOException {
        IndexEntries cached = cache.get(this);
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            cached = cache.get(this);
            if (cached != null) {
                return cached;
            }
            IndexFile.Header header = indexHeader;
            IndexEntries loaded = header == null ? null : IndexFile.readEntries(indexPath, header);
            if (loaded == null) {
                loaded = rebuildIndex();
            }
            if (!retired) {
                cache.put(this, loaded);
            }
            return loaded;
        }
    }

    /** Deletes the segment's files, forgets its index and closes its channel (reads in progress finish). */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(logPath);
        Files.deleteIfExists(indexPath);
    }

    /** Drops the cached index and closes the shared channel, when the log closes; idempotent. */
    void close() {
        synchronized (this) {
            retired = true;
        }
        cache.remove(this);
        synchronized (channelLock) {
            channelRetired = true;
            closeChannelLocked();
        }
    }

    /** Guarded by channelLock. */
    private void closeChannelLocked() {
        files.remove(this);
        SharedChannel current = channel;
        channel = null;
        if (current != null) {
            dropQuietly(current);
        }
    }

    /** Drops a reference to a read-only channel: a failure to close it loses nothing, so it is only logged. */
    private void dropQuietly(SharedChannel shared) {
        try {
            shared.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + logPath + " failed", e);
        }
    }

    private IndexEntries rebuildIndex() throws IOException {
        SegmentScan scan;
        try (FileChannel channel = FileChannel.open(logPath, StandardOpenOption.READ)) {
            scan = SegmentScan.of(channel, baseOffset, channel.size(), Long.MIN_VALUE, indexIntervalBytes);
        }
        if (!scan.intact() || scan.validBytes() != sizeBytes || scan.nextOffset() != nextOffset
                || scan.maxTimestamp() != maxTimestamp) {
            throw new CorruptBatchException("sealed segment " + logPath + " no longer matches what was sealed: "
                    + (scan.intact() ? "its size or offsets changed" : scan.problem()));
        }
        IndexEntries entries = scan.index().snapshot().compact();
        writeIndex(entries);
        return entries;
    }

    /** Writes the index file from entries rebuilt by a scan; a failure is only logged. */
    private void writeIndex(IndexEntries entries) {
        try {
            indexHeader = IndexFile.write(indexPath, baseOffset, nextOffset, sizeBytes, maxTimestamp, entries,
                    forceIndex);
            LOG.log(System.Logger.Level.INFO, "rebuilt index {0}", indexPath);
        } catch (IOException e) {
            // the rebuilt entries serve reads all the same; the file is retried when next needed
            LOG.log(System.Logger.Level.WARNING, "could not rewrite index " + indexPath, e);
        }
    }
}
