package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The segment a log appends to: one read-write channel, shared by the appender, the fsync thread and
 * readers of the log's tail, plus the segment's growing in-memory index.
 *
 * <p>A thread interrupted during I/O on a {@link FileChannel} closes it for everyone; rather than
 * failing the log for good, the channel is reopened on next use, and any bytes of a failed write past
 * the published size are truncated before the next write.
 *
 * <p>Thread-safety: {@link #append}, {@link #size()} and {@link #entries()} belong to the single appender
 * (the owning log serializes them); {@link #force}, {@link #retire} and {@link #retainForReading} may be
 * called from any thread. The channel's lifecycle and the fsync state are guarded by this object's monitor;
 * writes and fsyncs run outside it, so an appender never waits for another thread's fsync.
 */
final class ActiveSegment implements Forceable {

    private final Path path;
    private final long baseOffset;
    private final IndexEntries.Builder index;
    /** Bytes written and published; owned by the appender. */
    private long size;

    private volatile SharedChannel channel;
    /** Guarded by this: false once sealed or closed, after which forcing is the retirer's business. */
    private boolean writable = true;
    /**
     * Written under this: a write may have left bytes past {@link #size} that must go before the next write.
     * Volatile so the appender's fast path can check it without the monitor, which a slow fsync may hold.
     */
    private volatile boolean tailDirty;
    /**
     * Guarded by this: the first failed fsync. After one, the kernel may have dropped the dirty pages, so no
     * later fsync may claim durability.
     */
    private IOException forceFailure;

    private ActiveSegment(Path path, long baseOffset, FileChannel channel, long size, IndexEntries.Builder index) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.channel = new SharedChannel(channel);
        this.size = size;
        this.index = index;
    }

    /** Creates a new, empty segment file; it must not exist yet. */
    static ActiveSegment create(Path path, long baseOffset, int indexIntervalBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new ActiveSegment(path, baseOffset, channel, 0, new IndexEntries.Builder(indexIntervalBytes));
    }

    /**
     * Resumes appending to a recovered segment, first truncating whatever follows its intact prefix.
     *
     * @param force whether to force a truncation to disk
     */
    static ActiveSegment resume(Path path, long baseOffset, SegmentScan scan, boolean force) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (channel.size() > scan.validBytes()) {
                channel.truncate(scan.validBytes());
                if (force) {
                    channel.force(false);
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new ActiveSegment(path, baseOffset, channel, scan.validBytes(), scan.index());
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
        synchronized (this) {
            if (forceFailure != null) {
                // Refused rather than written: the producer would be told it failed while readers saw it,
                // and each retry would add a duplicate.
                throw new IOException("an earlier fsync of " + path + " failed; appends are refused until the "
                        + "log is reopened", forceFailure);
            }
        }
        long position = size;
        FileChannel target = writableChannel();
        try {
            while (batch.hasRemaining()) {
                target.write(batch, position + batch.position());
            }
        } catch (IOException | RuntimeException e) {
            removeFailedTail(e);
            throw e;
        }
        index.onBatch(baseOffsetOfBatch - baseOffset, position, arrivalMillis);
        size = position + batch.limit();
    }

    /**
     * Forces the segment unless it was retired (sealing or closing forced it, or the policy never forces).
     * The fsync runs outside the monitor so appends continue meanwhile. A failure sticks: every later call
     * fails too.
     */
    @Override
    public void force() throws IOException {
        for (int attempt = 1; ; attempt++) {
            SharedChannel target;
            synchronized (this) {
                if (forceFailure != null) {
                    throw new IOException("an earlier fsync of " + path + " failed; durability is unknown",
                            forceFailure);
                }
                if (!writable) {
                    return;
                }
                target = openChannel();
                target.retain();
            }
            try (target) {
                target.channel().force(false);
                return;
            } catch (ClosedByInterruptException e) {
                throw e;
            } catch (ClosedChannelException e) {
                // another thread's interrupt closed the channel mid-force: the data is in the page cache, so
                // forcing through a reopened channel is as good
                if (attempt == 2) {
                    throw e;
                }
            } catch (IOException e) {
                synchronized (this) {
                    if (forceFailure == null) {
                        forceFailure = e;
                    }
                }
                throw e;
            }
        }
    }

    /**
     * Stops appending to this segment (it is sealed or its log closed): optionally forces it, then lets go
     * of the shared channel, which closes once no read uses it.
     */
    synchronized void retire(boolean force) throws IOException {
        if (!writable) {
            return;
        }
        try {
            if (force) {
                force();
            }
        } catch (IOException | RuntimeException e) {
            // Whatever stopped this force, appends still waiting on the group commit must not be
            // completed as durable once the segment is no longer writable.
            if (forceFailure == null) {
                forceFailure = e instanceof IOException io ? io : new IOException(e);
            }
            throw e;
        } finally {
            writable = false;
            channel.close();
        }
    }

    /**
     * A channel to read this segment through, to be closed after the read: the shared one while it is
     * open, else a private one.
     */
    SharedChannel retainForReading() throws IOException {
        SharedChannel shared = channel;
        if (shared.retain()) {
            if (shared.channel().isOpen()) {
                return shared;
            }
            shared.close();
        }
        return SharedChannel.openForReading(path);
    }

    private FileChannel writableChannel() throws IOException {
        FileChannel current = channel.channel();
        if (current.isOpen() && !tailDirty) {
            return current;
        }
        synchronized (this) {
            return reopenForWriting();
        }
    }

    /** Guarded by this. */
    private FileChannel reopenForWriting() throws IOException {
        if (!writable) {
            throw new IllegalStateException("segment " + path + " is retired");
        }
        FileChannel open = openChannel().channel();
        if (tailDirty) {
            open.truncate(size);
            tailDirty = false;
        }
        return open;
    }

    /** Guarded by this: the shared channel, reopened if an interrupt closed it. */
    private SharedChannel openChannel() throws IOException {
        SharedChannel current = channel;
        if (!current.channel().isOpen()) {
            channel = new SharedChannel(FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
            current.close();
            current = channel;
        }
        return current;
    }

    private synchronized void removeFailedTail(Exception failure) {
        tailDirty = true;
        try {
            openChannel().channel().truncate(size);
            tailDirty = false;
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
