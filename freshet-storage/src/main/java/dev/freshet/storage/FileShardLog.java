package dev.freshet.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link ShardLog} kept in a directory of segment files (see {@link RecordBatch} for their format and
 * {@link LogRecovery} for what opening one does). The last segment is active: the only one written, through
 * the log's single write channel. The others are sealed, each with an {@link IndexFile}.
 *
 * <p>Segment files are opened on use and may be closed again by the storage's {@link OpenFiles} budget
 * (see {@link ActiveSegment} for why that never weakens durability); the log holds no file open for good.
 *
 * <p>Durability: every append goes to the storage's {@link Journal} too, and its future is the journal's: it
 * completes once the journal has written the batch and, under {@link FsyncPolicy#ALWAYS}, forced it. The
 * segment gets the bytes in memory first ({@link ActiveSegment}) and is forced only by checkpoints, rolls and
 * close: a roll forces the old segment before creating the next, and syncs the directory after creating it,
 * so a new segment's name is durable before any append to it is acknowledged.
 *
 * <p>Thread-safety: appends, rolls, deletions and close are serialized by a lock. Readers take no lock:
 * they work from the published {@link View}, an immutable snapshot that the journal's writer replaces once
 * it has written the batch the view ends with, so no reader sees a batch the journal does not hold or any
 * of a failed one. A read that starts after an append returned waits for that append's publication, so it
 * sees it. A reader whose segment was deleted meanwhile simply reads again from a fresh view.
 */
final class FileShardLog implements ShardLog {

    private static final System.Logger LOG = System.getLogger(FileShardLog.class.getName());
    private static final int MAX_READ_ATTEMPTS = 8;

    /**
     * What readers see: the sealed segments and the published state of the active one.
     *
     * @param activeMaxTimestamp arrival time of the active segment's last batch, {@code Long.MIN_VALUE} if empty
     */
    private record View(List<SealedSegment> sealed, ActiveSegment active, long endOffset, long activeSize,
            long activeMaxTimestamp, IndexEntries activeEntries) {

        long startOffset() {
            return sealed.isEmpty() ? active.baseOffset() : sealed.get(0).baseOffset();
        }

        /** The number of the segment holding {@code offset} (sealed ones first, the active one last). */
        int segmentOf(long offset) {
            if (offset >= active.baseOffset()) {
                return sealed.size();
            }
            int low = 0;
            int high = sealed.size() - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (sealed.get(mid).baseOffset() <= offset) {
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return Math.max(high, 0);
        }
    }

    @FunctionalInterface
    private interface ViewOperation<T> {
        T apply(View view) throws IOException;
    }

    private final String name;
    private final Path dir;
    private final LogConfig config;
    private final IndexCache cache;
    private final OpenFiles files;
    private final Journal journal;
    private final Journal.Key key;
    private final Consumer<FileShardLog> onClose;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guarded by writeLock: the state after the last append, which readers see once the journal has it. */
    private View latest;
    /** What readers see: {@link #latest} as of the last batch the journal has written. */
    private volatile View view;
    /** {@link #latest}'s end offset, for readers to tell whether appends are on their way to the journal. */
    private volatile long appendedEnd;
    /** Completes once the journal has written (and published) the last append. */
    private volatile CompletableFuture<Void> lastWritten = CompletableFuture.completedFuture(null);
    /** Guarded by writeLock: why appends are refused, once the journal refused one. */
    private IOException broken;
    private volatile boolean closed;
    /** Guarded by writeLock: the arrival time of the last batch, which later ones are clamped up to. */
    private long lastArrival;

    private FileShardLog(String name, Path dir, LogConfig config, IndexCache cache, OpenFiles files,
            Journal journal, Consumer<FileShardLog> onClose, LogRecovery.Recovered recovered) {
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.cache = cache;
        this.files = files;
        this.journal = journal;
        this.key = Journal.key(name);
        this.onClose = onClose;
        this.lastArrival = recovered.lastArrival();
        ActiveSegment active = recovered.active();
        this.latest = new View(recovered.sealed(), active, recovered.endOffset(), active.size(),
                recovered.activeMaxTimestamp(), active.entries());
        this.view = latest;
        this.appendedEnd = latest.endOffset();
    }

    /**
     * Opens the log in {@code dir} (which must exist), recovering it.
     *
     * @param files the storage's budget of open segment files
     * @param journal the storage's journal, which every append goes through
     * @param onClose told when the log closes
     */
    static FileShardLog open(String name, Path dir, LogConfig config, IndexCache cache, OpenFiles files,
            Journal journal, Consumer<FileShardLog> onClose) throws IOException {
        LogRecovery.Recovered recovered = LogRecovery.recover(dir, config, cache, files);
        return new FileShardLog(name, dir, config, cache, files, journal, onClose, recovered);
    }

    String name() {
        return name;
    }

    boolean isOpen() {
        return !closed;
    }

    @Override
    public Append append(List<NewRecord> records, long arrivalMillis) throws IOException {
        // encoding copies the records, which needs no lock
        ByteBuffer batch = RecordBatch.encode(records);
        writeLock.lock();
        try {
            return appendLocked(batch, arrivalMillis);
        } finally {
            writeLock.unlock();
            ScratchBuffers.giveBack(ScratchBuffers.Use.WRITE, batch);
        }
    }

    /**
     * Guarded by writeLock: stamps an encoded batch, adds it to the segment (rolling first if it must), then to
     * the journal, whose writer publishes it to readers once written.
     */
    private Append appendLocked(ByteBuffer batch, long arrivalMillis) throws IOException {
        ensureOpen();
        if (broken != null) {
            throw new IOException("log " + name + " refuses appends since the journal refused one", broken);
        }
        long baseOffset = latest.endOffset();
        long arrival = Math.max(arrivalMillis, lastArrival);
        RecordBatch.stamp(batch, baseOffset, arrival);
        View next = write(latest, batch, baseOffset, arrival);
        Journal.Group group;
        try {
            group = journal.append(key, batch, () -> view = next);
        } catch (IOException | RuntimeException e) {
            // the segment already holds the batch in memory, so no later batch can follow it consistently
            broken = e instanceof IOException io ? io : new IOException(e);
            throw e;
        }
        latest = next;
        lastArrival = arrival;
        lastWritten = group.written;
        appendedEnd = next.endOffset();
        return new Append(baseOffset, group.durable);
    }

    /**
     * Adds a batch that the journal of an earlier run holds and the segments lack, as it is (offsets and
     * arrival time included), visible at once; batches the log already has are skipped. For recovery only,
     * before the log is used.
     *
     * @throws CorruptBatchException if the batch would leave a gap in the offsets
     */
    void replay(ByteBuffer batch) throws IOException {
        RecordBatch.Header header = RecordBatch.readHeader(batch, 0, batch.remaining());
        writeLock.lock();
        try {
            ensureOpen();
            long end = latest.endOffset();
            if (header.nextOffset() <= end) {
                return;
            }
            if (header.baseOffset() != end) {
                throw new CorruptBatchException("the journal holds offset " + header.baseOffset() + " of log " + name
                        + ", but its segments end at " + end);
            }
            long arrival = Math.max(header.arrivalMillis(), lastArrival);
            View next = write(latest, batch, end, arrival);
            latest = next;
            view = next;
            appendedEnd = next.endOffset();
            lastArrival = arrival;
        } finally {
            writeLock.unlock();
        }
    }

    /** Guarded by writeLock: adds a stamped batch to the active segment, rolling first if it must. */
    private View write(View current, ByteBuffer batch, long baseOffset, long arrival) throws IOException {
        if (current.activeSize() > 0 && current.activeSize() + batch.remaining() > config.segmentBytes()) {
            // the old active segment is retired whether or not the write below works
            current = roll(current);
            latest = current;
        }
        ActiveSegment active = current.active();
        active.append(batch, baseOffset, arrival);
        return new View(current.sealed(), active, baseOffset + RecordBatch.recordCount(batch), active.size(),
                arrival, active.entries());
    }

    @Override
    public ReadBatch read(long fromOffset, int maxRecords, long maxBytes) throws IOException {
        return withRetries(current -> readFrom(current, Math.max(fromOffset, current.startOffset()),
                new ReadCollector(maxRecords, maxBytes)));
    }

    @Override
    public long startOffset() {
        return view.startOffset();
    }

    @Override
    public long endOffset() {
        return visibleView().endOffset();
    }

    @Override
    public long offsetAtOrAfter(long timestampMillis) throws IOException {
        return withRetries(current -> find(current, timestampMillis));
    }

    @Override
    public void deleteBefore(long cutoffMillis) throws IOException {
        writeLock.lock();
        try {
            ensureOpen();
            awaitWritten();
            View current = latest;
            List<SealedSegment> sealed = current.sealed();
            int doomed = 0;
            while (doomed < sealed.size() && sealed.get(doomed).maxTimestamp() < cutoffMillis) {
                doomed++;
            }
            if (doomed == 0) {
                return;
            }
            // readers stop seeing the segments before their files go
            latest = new View(List.copyOf(sealed.subList(doomed, sealed.size())), current.active(),
                    current.endOffset(), current.activeSize(), current.activeMaxTimestamp(), current.activeEntries());
            view = latest;
            IOException failure = null;
            for (SealedSegment segment : sealed.subList(0, doomed)) {
                try {
                    segment.delete();
                } catch (IOException e) {
                    failure = chain(failure, e);
                }
            }
            if (failure == null && syncsDirectories()) {
                SegmentFiles.syncDirectory(dir);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long sizeInBytes() {
        View current = visibleView();
        long size = current.activeSize();
        for (SealedSegment segment : current.sealed()) {
            size += segment.sizeOnDisk();
        }
        return size;
    }

    /**
     * Writes and forces the active segment if it was appended to since its last force: for checkpoints, which
     * run once the journal has published every batch it is about to let go of, so the published active
     * segment holds them (earlier segments were forced when they were sealed).
     */
    void forceIfDirty() throws IOException {
        view.active().force();
    }

    /** Writes the active segment's bytes still in memory to its file, without forcing them. */
    void flushIfDirty() throws IOException {
        view.active().flush();
    }

    /** Whether the active segment may hold appends not yet written or forced (a hint, for checkpoints). */
    boolean mayBeDirty() {
        return view.active().mayBeDirty();
    }

    /** Forces and closes the active segment; idempotent. */
    @Override
    public void close() {
        IOException failure = null;
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            View current = latest;
            try {
                current.active().retire(true);
            } catch (IOException e) {
                failure = e;
            }
            current.sealed().forEach(SealedSegment::close);
        } finally {
            writeLock.unlock();
        }
        onClose.accept(this);
        if (failure != null) {
            throw new UncheckedIOException("closing log " + name + " failed", failure);
        }
    }

    @Override
    public String toString() {
        return "FileShardLog[" + name + "]";
    }

    /** Seals the active segment and starts the next; the caller holds the write lock. */
    private View roll(View current) throws IOException {
        ActiveSegment old = current.active();
        boolean force = config.fsyncPolicy() != FsyncPolicy.NEVER;
        if (force) {
            // before anything changes, so that a failure leaves the log as it was
            old.force();
        }
        long next = current.endOffset();
        ActiveSegment fresh = ActiveSegment.create(SegmentFiles.logPath(dir, next), next, config.indexIntervalBytes(),
                files, force);
        if (syncsDirectories()) {
            try {
                SegmentFiles.syncDirectory(dir);
            } catch (IOException e) {
                discard(fresh, e);
                throw e;
            }
        }
        IndexEntries entries = current.activeEntries().compact();
        Path indexPath = SegmentFiles.indexPath(dir, old.baseOffset());
        IndexFile.Header header = null;
        try {
            header = IndexFile.write(indexPath, old.baseOffset(), next, current.activeSize(),
                    current.activeMaxTimestamp(), entries, force);
        } catch (IOException e) {
            // not fatal: a missing index is rebuilt from its segment when next needed
            LOG.log(System.Logger.Level.WARNING, "could not write index " + indexPath, e);
        }
        old.retire(false);
        SealedSegment sealed = new SealedSegment(old.path(), indexPath, old.baseOffset(), next, current.activeSize(),
                current.activeMaxTimestamp(), header, cache, config.indexIntervalBytes(), force, files);
        cache.put(sealed, entries);
        List<SealedSegment> allSealed = new ArrayList<>(current.sealed().size() + 1);
        allSealed.addAll(current.sealed());
        allSealed.add(sealed);
        return new View(List.copyOf(allSealed), fresh, next, 0, Long.MIN_VALUE, IndexEntries.EMPTY);
    }

    private static void discard(ActiveSegment segment, IOException failure) {
        try {
            segment.retire(false);
            Files.deleteIfExists(segment.path());
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The published view, once every append that returned before the call is in it: a reader that follows an
     * append sees it. If the journal failed, what was published stays what readers see.
     */
    private View visibleView() {
        View current = view;
        if (current.endOffset() < appendedEnd) {
            try {
                lastWritten.join();
            } catch (CompletionException | CancellationException e) {
                // the appends it would have shown were refused: their producers were told so
            }
            current = view;
        }
        return current;
    }

    /** Guarded by writeLock: waits until the journal has published every append, so latest is what readers see. */
    private void awaitWritten() throws IOException {
        try {
            lastWritten.join();
        } catch (CompletionException | CancellationException e) {
            throw new IOException("log " + name + " cannot change: the journal failed", e.getCause());
        }
    }

    private boolean syncsDirectories() {
        // INTERVAL too: losing a segment's directory entry would lose far more than one interval of data
        return config.fsyncPolicy() != FsyncPolicy.NEVER;
    }

    private ReadBatch readFrom(View current, long from, ReadCollector out) throws IOException {
        long next = from;
        List<SealedSegment> sealed = current.sealed();
        for (int segment = current.segmentOf(next); segment <= sealed.size() && next < current.endOffset()
                && !out.full(); segment++) {
            if (segment < sealed.size()) {
                SealedSegment s = sealed.get(segment);
                IndexEntries index = s.entries();
                try (SharedChannel channel = s.openForReading()) {
                    next = SegmentReads.read(channel.channel(), index, s.baseOffset(), s.sizeBytes(), s.nextOffset(),
                            next, out);
                }
            } else {
                ActiveSegment active = current.active();
                try (SharedChannel channel = active.retainForReading()) {
                    next = SegmentReads.read(channel.channel(), current.activeEntries(), active.baseOffset(),
                            current.activeSize(), current.endOffset(), next, out);
                }
            }
        }
        return out.result(next);
    }

    private long find(View current, long timestampMillis) throws IOException {
        List<SealedSegment> sealed = current.sealed();
        int low = 0;
        int high = sealed.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (sealed.get(mid).maxTimestamp() < timestampMillis) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        long found;
        if (low < sealed.size()) {
            SealedSegment s = sealed.get(low);
            found = SegmentReads.firstAtOrAfter(s::openForReading, s.entries(), s.baseOffset(), s.sizeBytes(),
                    timestampMillis);
        } else if (current.activeSize() > 0 && current.activeMaxTimestamp() >= timestampMillis) {
            ActiveSegment active = current.active();
            found = SegmentReads.firstAtOrAfter(active::retainForReading, current.activeEntries(),
                    active.baseOffset(), current.activeSize(), timestampMillis);
        } else {
            return current.endOffset();
        }
        if (found < 0) {
            throw new CorruptBatchException("log " + name + " has no batch at or after time " + timestampMillis
                    + " though its segment summary says so");
        }
        return found;
    }

    /**
     * Runs a read-only operation on the current view, again on a fresh one if a segment file was deleted
     * (retention) or the shared channel was closed (by another thread's interrupt) under it. This thread's
     * own interrupt is not retried.
     */
    private <T> T withRetries(ViewOperation<T> operation) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ensureOpen();
            try {
                return operation.apply(attempt == 1 ? visibleView() : view);
            } catch (NoSuchFileException | ClosedChannelException e) {
                if (e instanceof ClosedByInterruptException || attempt == MAX_READ_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log " + name + " is closed");
        }
    }

    private static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
