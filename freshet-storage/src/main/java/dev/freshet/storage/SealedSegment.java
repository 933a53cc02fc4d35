package dev.freshet.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A segment that no longer changes. Its summary (offsets, size, newest arrival time) stays in memory; its
 * index entries are loaded on demand through the storage's {@link IndexCache} from the index file, which
 * is rebuilt by scanning the segment if it is missing or invalid. Reads open the file on demand and close
 * it afterwards, so sealed segments hold no file descriptor between reads.
 *
 * <p>Thread-safe: the summary is immutable; loading the index is serialized per segment by its monitor.
 */
final class SealedSegment {

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
    /** The header of the index file as last written or read; null if there is no valid index file. */
    private volatile IndexFile.Header indexHeader;
    /** Guarded by this: once deleted or its log closed, loaded entries are no longer cached. */
    private boolean retired;

    /**
     * @param indexHeader the header of the segment's valid index file, or null to build one when needed
     * @param forceIndex whether a rebuilt index file is forced to disk
     */
    SealedSegment(Path logPath, Path indexPath, long baseOffset, long nextOffset, long sizeBytes, long maxTimestamp,
            IndexFile.Header indexHeader, IndexCache cache, int indexIntervalBytes, boolean forceIndex) {
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

    /** A private channel for one read; the caller closes it. */
    SharedChannel openForReading() throws IOException {
        return SharedChannel.openForReading(logPath);
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

    /** Deletes the segment's files and forgets its index. */
    void delete() throws IOException {
        forgetIndex();
        Files.deleteIfExists(logPath);
        Files.deleteIfExists(indexPath);
    }

    /** Drops the cached index, when the log closes. */
    void forgetIndex() {
        synchronized (this) {
            retired = true;
        }
        cache.remove(this);
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
        try {
            indexHeader = IndexFile.write(indexPath, baseOffset, nextOffset, sizeBytes, maxTimestamp, entries,
                    forceIndex);
            LOG.log(System.Logger.Level.INFO, "rebuilt index {0}", indexPath);
        } catch (IOException e) {
            // the rebuilt entries serve reads all the same; the file is retried when next needed
            LOG.log(System.Logger.Level.WARNING, "could not rewrite index " + indexPath, e);
        }
        return entries;
    }
}
