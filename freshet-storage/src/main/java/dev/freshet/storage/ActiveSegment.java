package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The segment a log appends to: one read-write channel, shared by the appender, the forcing threads and
 * readers of the log's tail, plus the segment's growing in-memory index.
 *
 * <p>Appended batches are kept in memory and written to the file in chunks of about {@value #FLUSH_BYTES}
 * bytes (a larger batch is written as it comes), or sooner when a read, a force or retiring the segment needs
 * them in the file: the storage's {@link Journal} holds them meanwhile (see {@link FileLogStorage}).
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
 * (the owning log serializes them, and {@link #retire}s with them); {@link #flush}, {@link #force},
 * {@link #evict} and {@link #retainForReading} may be called from any thread. The channel's lifecycle, the
 * bytes kept in memory and the write and force state are guarded by this object's monitor, held only
 * briefly: writes and fsyncs run outside it, so an appender never waits for another thread's fsync.
 * Flushes are serialized by a lock of their own, held while one writes.
 */
final class ActiveSegment extends OpenFiles.Handle implements Forceable {

    /** Appended bytes kept in memory before they are written to the file in one go. */
    static final int FLUSH_BYTES = 16 << 10;

    private static final System.Logger LOG = System.getLogger(ActiveSegment.class.getName());

    private final Path path;
    private final long baseOffset;
    private final IndexEntries.Builder index;
    private final OpenFiles files;
    /** Whether unforced appends must be forced before the file is closed. */
    private final boolean forces;
    /** Bytes appended, in the file or pending; owned by the appender. */
    private long size;

    /** Guarded by this: null while the file is closed (not yet used, evicted, retired). */
    private SharedChannel channel;
    /** Guarded by this: false once sealed or closed, after which forcing is the retirer's business. */
    private boolean writable = true;
    /** Guarded by this: an append is writing outside the monitor, so the file must stay open. */
    private boolean writing;
    /** Guarded by this: a failed write may have left bytes past {@link #written} that must go before the next. */
    private boolean tailDirty;
    /** Guarded by this: bytes in the file, as forcing threads see them; {@link #size} less what is pending. */
    private long written;
    /** Guarded by this: appended bytes not yet written to the file, which follow {@link #written}; or null. */
    private byte[] pending;
    /** Guarded by this. */
    private int pendingLength;
    /** Serializes {@link #flush}es; held while one writes. */
    private final ReentrantLock flushing = new ReentrantLock();
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
     * Adds a stamped batch at the end of the segment and indexes it. The bytes are kept in memory until
     * {@value #FLUSH_BYTES} bytes wait, a read or force needs them, or the segment is retired, and then written
     * with one positional write: the storage's {@link Journal} already holds them, so a shard written a
     * record at a time costs no system call per record. A batch of {@value #FLUSH_BYTES} bytes or more with
     * nothing kept before it is written at once, straight from {@code batch}: copying it to memory first would
     * save no system call. A failed write is recorded rather than thrown here (the batch is in the journal,
     * which a restart replays): later appends, reads of the tail and forces fail.
     *
     * @throws IOException if an earlier write or fsync of the segment failed
     */
    void append(ByteBuffer batch, long baseOffsetOfBatch, long arrivalMillis) throws IOException {
        int length = batch.remaining();
        long position = size;
        boolean through;
        boolean full;
        synchronized (this) {
            if (forceFailure != null) {
                // Refused rather than written: the producer would be told it failed while readers saw it,
                // and each retry would add a duplicate.
                throw new IOException("an earlier write or fsync of " + path + " failed; appends are refused "
                        + "until the log is reopened", forceFailure);
            }
            if (!writable) {
                throw new IllegalStateException("segment " + path + " is retired");
            }
            through = pendingLength == 0 && length >= FLUSH_BYTES;
            full = !through && keepLocked(batch, length);
        }
        index.onBatch(baseOffsetOfBatch - baseOffset, position, arrivalMillis);
        size = position + length;
        if (full || through) {
            try {
                write(through ? batch : null);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "writing " + path + " failed; its tail is in the journal", e);
            }
        }
    }

    /** Guarded by this: adds a batch to the bytes kept in memory; whether they now fill a flush. */
    private boolean keepLocked(ByteBuffer batch, int length) {
        if (pending == null || pending.length - pendingLength < length) {
            // sized for a whole flush at once: growing by doubling copied as many bytes again
            byte[] larger = new byte[Math.max(pendingLength + length, FLUSH_BYTES)];
            if (pending != null) {
                System.arraycopy(pending, 0, larger, 0, pendingLength);
            }
            pending = larger;
        }
        batch.duplicate().get(pending, pendingLength, length);
        pendingLength += length;
        return pendingLength >= FLUSH_BYTES;
    }

    /**
     * Writes the bytes appended but kept in memory to the file, with one positional write. Flushes are
     * serialized; one in progress is waited for, so that on return every byte appended before the call is in
     * the file. A failure sticks: later appends, flushes and forces fail.
     */
    void flush() throws IOException {
        synchronized (this) {
            if (pendingLength == 0 && !flushing.isLocked()) {
                return;
            }
        }
        write(null);
    }

    /**
     * Writes the bytes kept in memory, then {@code also} (all that remain of it, which follow them), with a
     * positional write each; see {@link #flush}.
     */
    private void write(ByteBuffer also) throws IOException {
        boolean overBudget = false;
        flushing.lock();
        try {
            byte[] bytes;
            int length;
            long position;
            SharedChannel target;
            synchronized (this) {
                if (pendingLength == 0 && also == null) {
                    return;
                }
                if (forceFailure != null) {
                    throw new IOException("an earlier write or fsync of " + path + " failed", forceFailure);
                }
                bytes = pending;
                length = pendingLength;
                position = written;
                overBudget = openLocked();
                target = channel;
                if (tailDirty) {
                    target.channel().truncate(position);
                    tailDirty = false;
                }
                target.retain();
                writing = true;
                // later appends start a new array; readers wait on the flushing lock for these bytes
                pending = null;
                pendingLength = 0;
            }
            touch();
            int alsoLength = also == null ? 0 : also.remaining();
            try {
                FileChannel out = target.channel();
                if (length > 0) {
                    writeFully(out, ByteBuffer.wrap(bytes, 0, length), position);
                }
                if (also != null) {
                    writeFully(out, also.duplicate(), position + length);
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    writing = false;
                    // the bytes go back in front of any appended meanwhile, and whatever of them reached the
                    // file is cut off before the next write
                    byte[] restored = new byte[length + alsoLength + pendingLength];
                    if (length > 0) {
                        System.arraycopy(bytes, 0, restored, 0, length);
                    }
                    if (also != null) {
                        also.duplicate().get(restored, length, alsoLength);
                    }
                    if (pending != null) {
                        System.arraycopy(pending, 0, restored, length + alsoLength, pendingLength);
                    }
                    pending = restored;
                    pendingLength = restored.length;
                    tailDirty = true;
                    if (!(e instanceof ClosedChannelException) && forceFailure == null) {
                        // a channel closed by an interrupt is reopened on next use; anything else sticks
                        forceFailure = e instanceof IOException io ? io : new IOException(e);
                    }
                }
                release(target, e);
                throw e;
            }
            synchronized (this) {
                written = position + length + alsoLength;
                writing = false;
                updateNeedsForceLocked();
            }
            release(target, null);
        } finally {
            flushing.unlock();
            // not under the lock: making room may force other segments, whose flushes may wait for this one
            if (overBudget) {
                files.trim();
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes, long position) throws IOException {
        long start = position - bytes.position();
        while (bytes.hasRemaining()) {
            out.write(bytes, start + bytes.position());
        }
    }

    /**
     * Writes the segment's appended bytes still in memory ({@link #flush}) and forces them to stable storage,
     * unless nothing was appended since the last force or the segment was retired (sealing or closing forced it, or the policy never forces). The fsync
     * runs outside the monitor so appends continue meanwhile. A failure sticks: every later call fails too.
     */
    @Override
    public void force() throws IOException {
        flush();
        forceWritten();
    }

    /** Forces what is in the file, leaving the bytes still in memory alone (they need no open file). */
    private void forceWritten() throws IOException {
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
                forceWritten();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "forcing " + path + " before closing it failed", e);
            }
        }
    }

    /**
     * Stops appending to this segment (it is sealed or its log closed): writes what it holds in memory,
     * optionally forces it, then lets go of the shared channel, which closes once no read uses it. Called by
     * the appender; idempotent.
     */
    void retire(boolean force) throws IOException {
        Exception failure = null;
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        if (force && failure == null) {
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
     * be) while the segment is writable, else a private one. Bytes still in memory are written first, so the
     * file holds every batch appended before the call.
     */
    SharedChannel retainForReading() throws IOException {
        flush();
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
        return forced < written || pendingLength > 0;
    }

    /** Whether appended bytes may not have been written to the file or forced yet (a hint, for checkpoints). */
    synchronized boolean mayBeDirty() {
        return pendingLength > 0 || (writable && forced < written);
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
