package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The segment a log appends to: one read-write channel, shared by the appender, the forcing threads and
 * readers of the log's tail, plus the segment's growing in-memory index.
 *
 * <p>The channel is opened when the segment is created or first used and counts against the storage's
 * {@link OpenFiles} budget, which may close it again when the segment has not been used for a while; it is
 * then reopened on next use.
 * A file is never closed by the budget while an append writes it, nor while it holds appended bytes not
 * yet forced under a policy that forces ({@link FsyncPolicy#ALWAYS}, {@link FsyncPolicy#INTERVAL}): those
 * are forced first. Closing only after forcing is what keeps durability exact: an fsync failure is reported
 * through the descriptors open when the kernel fails to write a page back, and a file with no descriptor
 * open may lose dirty pages and their error together, so a later fsync through a new descriptor could
 * claim a durability it does not have.
 *
 * <p>A thread interrupted during I/O on a {@link FileChannel} closes it for everyone; rather than
 * failing the log for good, the channel is reopened on next use, and any bytes of a failed write past
 * the published size are truncated before the next write.
 *
 * <p>Durability: {@link #force} issues {@code FileChannel.force(false)}, which on Linux is
 * {@code fdatasync(2)}. That writes the file's data and every piece of metadata needed to read it back,
 * which includes the file size, so appends that grow the file are durable after it; only times such as
 * mtime may lag, and nothing reads them. The segment's directory entry is made durable separately, when
 * the segment is created (see {@link FileShardLog}). Forcing is skipped when no append completed since the
 * last successful force: nothing would be written. Growing the file does make each fdatasync commit the
 * file system's journal; writing zeros ahead of the appends would spare that, but it would leave segments
 * longer than their batches (a change to the on-disk format and to recovery), and on ext4 it measured no
 * faster: the cost of an fsync is the device flush and its wake-ups, which concurrent forces share.
 *
 * <p>Thread-safety: {@link #append}, {@link #size()} and {@link #entries()} belong to the single appender
 * (the owning log serializes them, and {@link #retire}s with them); {@link #force}, {@link #evict} and
 * {@link #retainForReading} may be called from any thread. The channel's lifecycle and the write and force
 * state are guarded by this object's monitor, held only briefly: writes and fsyncs run outside it, so an
 * appender never waits for another thread's fsync.
 */
final class ActiveSegment extends OpenFiles.Handle implements Forceable {

    private static final System.Logger LOG = System.getLogger(ActiveSegment.class.getName());

    private final Path path;
    private final long baseOffset;
    private final IndexEntries.Builder index;
    private final OpenFiles files;
    /** Whether unforced appends must be forced before the file is closed. */
    private final boolean forces;
    /** Bytes written and published; owned by the appender. */
    private long size;

    /** Guarded by this: null while the file is closed (not yet used, evicted, retired). */
    private SharedChannel channel;
    /** Guarded by this: false once sealed or closed, after which forcing is the retirer's business. */
    private boolean writable = true;
    /** Guarded by this: an append is writing outside the monitor, so the file must stay open. */
    private boolean writing;
    /** Guarded by this: a write may have left bytes past {@link #size} that must go before the next write. */
    private boolean tailDirty;
    /** Guarded by this: bytes of completed appends, as forcing threads see them. */
    private long written;
    /** Guarded by this: bytes known to be on stable storage; -1 when unknown (a recovered segment). */
    private long forced;
    /**
     * Guarded by this: the first failed fsync. After one, the kernel may have dropped the dirty pages, so no
     * later fsync may claim durability.
     */
    private IOException forceFailure;

    private ActiveSegment(Path path, long baseOffset, long size, long forced, IndexEntries.Builder index,
            OpenFiles files, boolean forces) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.size = size;
        this.written = size;
        this.forced = forced;
        this.index = index;
        this.files = files;
        this.forces = forces;
        updateNeedsForceLocked();
    }

    /**
     * Creates a new, empty segment file, which must not exist yet, and keeps it open for the appends to come
     * (within the budget of open files, like any other use).
     *
     * @param forces whether the fsync policy forces appends ({@link FsyncPolicy#NEVER} does not)
     */
    static ActiveSegment create(Path path, long baseOffset, int indexIntervalBytes, OpenFiles files, boolean forces)
            throws IOException {
        FileChannel created = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ActiveSegment segment = new ActiveSegment(path, baseOffset, 0, 0,
                new IndexEntries.Builder(indexIntervalBytes), files, forces);
        boolean overBudget;
        synchronized (segment) {
            segment.channel = new SharedChannel(created);
            overBudget = files.add(segment);
        }
        if (overBudget) {
            files.trim();
        }
        return segment;
    }

    /**
     * Resumes appending to a recovered segment, first truncating whatever follows its intact prefix.
     *
     * @param forces whether the fsync policy forces: then a truncation is forced at once, and the first force
     *     or eviction forces the segment even if nothing is appended (its bytes may predate this process)
     */
    static ActiveSegment resume(Path path, long baseOffset, SegmentScan scan, OpenFiles files, boolean forces)
            throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() > scan.validBytes()) {
                channel.truncate(scan.validBytes());
                if (forces) {
                    channel.force(false);
                }
            }
        }
        return new ActiveSegment(path, baseOffset, scan.validBytes(), -1, scan.index(), files, forces);
    }

    Path path() {
        return path;
    }

    long baseOffset() {
        return baseOffset;
    }

    long size() {
        return size;
    }

    IndexEntries entries() {
        return index.snapshot();
    }

    /**
     * Writes a stamped batch at the end of the segment with one positional write, then indexes it. On
     * failure the segment is as before, as far as readers and later appends can tell.
     */
    void append(ByteBuffer batch, long baseOffsetOfBatch, long arrivalMillis) throws IOException {
        long position = size;
        SharedChannel target;
        boolean overBudget;
        synchronized (this) {
            if (forceFailure != null) {
                // Refused rather than written: the producer would be told it failed while readers saw it,
                // and each retry would add a duplicate.
                throw new IOException("an earlier fsync of " + path + " failed; appends are refused until the "
                        + "log is reopened", forceFailure);
            }
            if (!writable) {
                throw new IllegalStateException("segment " + path + " is retired");
            }
            overBudget = openLocked();
            target = channel;
            if (tailDirty) {
                target.channel().truncate(position);
                tailDirty = false;
            }
            target.retain();
            writing = true;
        }
        touch();
        try {
            FileChannel out = target.channel();
            while (batch.hasRemaining()) {
                out.write(batch, position + batch.position());
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                writing = false;
            }
            release(target, e);
            removeFailedTail(e);
            if (overBudget) {
                files.trim();
            }
            throw e;
        }
        index.onBatch(baseOffsetOfBatch - baseOffset, position, arrivalMillis);
        size = position + batch.limit();
        synchronized (this) {
            written = size;
            writing = false;
            updateNeedsForceLocked();
        }
        release(target, null);
        if (overBudget) {
            files.trim();
        }
    }

    /**
     * Forces the segment's appended bytes to stable storage, unless nothing was appended since the last
     * force or the segment was retired (sealing or closing forced it, or the policy never forces). The fsync
     * runs outside the monitor so appends continue meanwhile. A failure sticks: every later call fails too.
     */
    @Override
    public void force() throws IOException {
        for (int attempt = 1; ; attempt++) {
            SharedChannel target;
            long upTo;
            boolean overBudget;
            synchronized (this) {
                if (forceFailure != null) {
                    throw new IOException("an earlier fsync of " + path + " failed; durability is unknown",
                            forceFailure);
                }
                upTo = written;
                if (!writable || forced >= upTo) {
                    return;
                }
                // open already unless an interrupt closed it: files with unforced bytes are not evicted
                overBudget = openLocked();
                target = channel;
                target.retain();
            }
            try {
                target.channel().force(false);
            } catch (ClosedByInterruptException e) {
                release(target, e);
                throw e;
            } catch (ClosedChannelException e) {
                // another thread's interrupt closed the channel mid-force: the data is in the page cache, so
                // forcing through a reopened channel is as good
                release(target, e);
                if (attempt == 2) {
                    throw e;
                }
                continue;
            } catch (IOException e) {
                synchronized (this) {
                    if (forceFailure == null) {
                        forceFailure = e;
                    }
                }
                release(target, e);
                throw e;
            } finally {
                if (overBudget) {
                    files.trim();
                }
            }
            synchronized (this) {
                forced = Math.max(forced, upTo);
                updateNeedsForceLocked();
            }
            release(target, null);
            return;
        }
    }

    /**
     * Closes the file to make room if no append is writing it, forcing it first if it holds unforced appends
     * under a forcing policy; see {@link OpenFiles.Handle#evict}. A failed force is recorded (later appends
     * and forces fail with it) and logged, and the file is closed all the same: the failure, not the open
     * descriptor, is what keeps the segment from ever claiming durability again.
     */
    @Override
    void evict() {
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (channel == null) {
                    files.remove(this);
                    return;
                }
                boolean unforced = forces && writable && forceFailure == null && forced < written;
                if (writing || (unforced && attempt > 2)) {
                    files.readd(this);
                    return;
                }
                if (!unforced) {
                    closeLocked();
                    return;
                }
            }
            try {
                force();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "forcing " + path + " before closing it failed", e);
            }
        }
    }

    /**
     * Stops appending to this segment (it is sealed or its log closed): optionally forces it, then lets go
     * of the shared channel, which closes once no read uses it. Called by the appender; idempotent.
     */
    void retire(boolean force) throws IOException {
        Exception failure = null;
        if (force) {
            try {
                force();
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
        synchronized (this) {
            if (!writable) {
                return;
            }
            writable = false;
            if (failure != null && forceFailure == null) {
                // Whatever stopped this force, appends still waiting on the group commit must not be
                // completed as durable once the segment is no longer writable.
                forceFailure = failure instanceof IOException io ? io : new IOException(failure);
            }
            closeLocked();
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    /**
     * A channel to read this segment through, to be closed after the read: the shared one (opened if need
     * be) while the segment is writable, else a private one.
     */
    SharedChannel retainForReading() throws IOException {
        SharedChannel target;
        boolean overBudget;
        synchronized (this) {
            if (!writable) {
                return SharedChannel.openForReading(path);
            }
            overBudget = openLocked();
            target = channel;
            target.retain();
        }
        touch();
        if (overBudget) {
            files.trim();
        }
        return target;
    }

    /** Whether the shared channel is open now (for tests). */
    synchronized boolean isOpen() {
        return channel != null;
    }

    /** Whether appended bytes may not have been forced yet (for tests). */
    synchronized boolean hasUnforcedBytes() {
        return forced < written;
    }

    /**
     * Guarded by this: opens the shared channel if it is closed (not yet used, evicted, or closed by an
     * interrupt) and registers it with the budget.
     *
     * @return whether the storage is now over its budget of open files
     */
    private boolean openLocked() throws IOException {
        SharedChannel current = channel;
        if (current != null && current.channel().isOpen()) {
            return false;
        }
        channel = new SharedChannel(FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        if (current != null) {
            // an interrupt closed it: only our reference remains to drop, and closing again cannot fail
            release(current, null);
        }
        return files.add(this);
    }

    /** Guarded by this: tells the budget whether closing the file now would need a force first. */
    private void updateNeedsForceLocked() {
        needsForce(forces && forced < written);
    }

    /** Guarded by this: drops the shared channel, which closes once no read or force uses it. */
    private void closeLocked() {
        files.remove(this);
        needsForce(false);
        SharedChannel current = channel;
        channel = null;
        if (current != null) {
            release(current, null);
        }
    }

    private void removeFailedTail(Exception failure) {
        boolean overBudget = false;
        synchronized (this) {
            tailDirty = true;
            try {
                overBudget = openLocked();
                channel.channel().truncate(size);
                tailDirty = false;
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (overBudget) {
            files.trim();
        }
    }

    /**
     * Drops one reference to {@code shared}. A failure to close the file is added to {@code failure} if there
     * is one, and logged otherwise: by then its bytes were either forced or never promised to be.
     */
    private void release(SharedChannel shared, Exception failure) {
        try {
            shared.close();
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.log(System.Logger.Level.WARNING, "closing " + path + " failed", e);
            }
        }
    }
}
