package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The storage's write-ahead journal: every appended batch, of whichever log, is written here first, and only
 * here is it forced. A request that appends to hundreds of shards thus costs one write and one shared fsync
 * instead of a write and an fsync per shard; the logs' segment files receive the same bytes later, in larger
 * writes, and are forced only at checkpoints (see {@link FileLogStorage}). After a crash, {@link JournalReplay}
 * writes into the logs whatever of the journal their segments lack.
 *
 * <p>On disk: numbered files in {@link JournalFiles#DIRECTORY} under the storage's root, each a gap-free
 * sequence of entries from position 0:
 *
 * <pre>
 * offset  size  field       (all integers big-endian)
 *      0     4  length      bytes of the whole entry, this field included
 *      4     4  crc         CRC32C of bytes [8, 11 + n): kind, name length and name
 *      8     1  kind        1 batch appended, 2 log deleted, 3 group deleted
 *      9     2  n           bytes of name
 *     11     n  name        the log's (kinds 1, 2) or group's (kind 3) name, ASCII
 *  11 + n       batch       kind 1 only: a stamped {@link RecordBatch}, with its own CRC; length - 11 - n bytes
 * </pre>
 *
 * <p>Invariants: the entries of one log appear in offset order, the batches of a log's entries follow one
 * another densely (each starts where the one before it in the journal ended), and a deletion entry comes after
 * every entry of what it deletes and before anything appended under the same name afterwards. An entry cut
 * short or failing a CRC ends its file: what follows is a torn write. Under {@link FsyncPolicy#ALWAYS} the
 * entries are followed by zeros to the end of their last block (see below; a file with no entry yet holds one
 * block of them), which end the file the same way: a length of 0 is no entry.
 *
 * <p>How writing works: appenders copy their entry into the group being filled and return at once. One
 * writer thread takes the whole group, writes it with one positional write, then runs each entry's
 * publication (which makes the batch visible to readers) and completes the group's {@link Group#written}
 * future. Under {@link FsyncPolicy#ALWAYS} a syncer thread then forces the file once for every group written
 * since its last force and completes their {@link Group#durable} futures; meanwhile the writer is already
 * writing the next group. Under the other policies a group is durable once written, and
 * {@link FsyncPolicy#INTERVAL} has the syncer force on {@link #requestSync() request}.
 *
 * <p>Under {@link FsyncPolicy#ALWAYS}, where every byte is forced at once anyway, the files are opened for
 * direct I/O where the file system allows it, and written in whole blocks by a {@link BlockWriter}: a
 * buffered write followed by an fsync costs the kernel a copy into the page cache and then a write-back,
 * several times the CPU per byte of a direct write of the same bytes. A group's last partial block is
 * padded with zeros and written again with the next group.
 *
 * <p>When a file passes {@code rollBytes} the writer starts the next one; once the old one is forced (at once
 * under {@link FsyncPolicy#NEVER}) and closed, {@code onRolled} is told its path, for a checkpoint to delete
 * it after forcing the logs.
 *
 * <p>Failure: a failed write or fsync fails every group not yet durable and every later append (the journal
 * is then unusable until the storage is reopened): after a failed fsync nothing can claim durability, and a
 * failed write would leave a hole in the journal.
 *
 * <p>Thread-safe. Appending takes one lock, held only to copy the entry. The writer and syncer threads are
 * never interrupted (an interrupt would close the channel); {@link #close()} lets them finish every accepted
 * entry.
 */
final class Journal implements AutoCloseable {

    static final byte KIND_BATCH = 1;
    static final byte KIND_LOG_DELETED = 2;
    static final byte KIND_GROUP_DELETED = 3;
    /** Length, CRC, kind and name length. */
    static final int HEADER_SIZE = 11;

    private static final System.Logger LOG = System.getLogger(Journal.class.getName());
    private static final int INITIAL_BUFFER_BYTES = 256 << 10;
    /** How long the writer, woken from idle, waits for a group to grow before writing it. */
    private static final long LINGER_NANOS = 50_000;
    /** A group this large is written without lingering further. */
    private static final int LINGER_UNTIL_BYTES = 64 << 10;
    /** A buffer grown past this for a large group is dropped after use rather than kept for the next one. */
    private static final int MAX_KEPT_BUFFER_BYTES = 8 << 20;

    /**
     * The futures of the entries written together. {@code durable} is {@code written} itself unless the policy
     * is {@link FsyncPolicy#ALWAYS}.
     */
    static final class Group {
        final CompletableFuture<Void> written = new CompletableFuture<>();
        final CompletableFuture<Void> durable;

        private Group(boolean forced) {
            durable = forced ? new CompletableFuture<>() : written;
        }

        private void fail(Throwable failure) {
            written.completeExceptionally(failure);
            durable.completeExceptionally(failure);
        }
    }

    /**
     * The constant start of a log's batch entries (kind, name length, name) and its CRC, computed once per
     * log rather than once per append. Immutable.
     */
    static final class Key {
        private final byte[] header;
        private final int crc;

        private Key(byte kind, String name) {
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            header = new byte[3 + nameBytes.length];
            header[0] = kind;
            header[1] = (byte) (nameBytes.length >>> 8);
            header[2] = (byte) nameBytes.length;
            System.arraycopy(nameBytes, 0, header, 3, nameBytes.length);
            CRC32C checksum = new CRC32C();
            checksum.update(header);
            crc = (int) checksum.getValue();
        }
    }

    /** Creates a journal file, which must not exist yet, open for writing (a seam for failure tests). */
    @FunctionalInterface
    interface FileCreator {
        FileChannel create(Path path) throws IOException;
    }

    /** One open journal file. */
    private record OpenFile(Path path, FileChannel channel) {}

    /** Work for the syncer: force {@code file}, then complete {@code durable}; close the file if {@code last}. */
    private record Sync(OpenFile file, CompletableFuture<Void> durable, boolean last) {}

    private final Path dir;
    private final FsyncPolicy policy;
    private final long rollBytes;
    private final Consumer<Path> onRolled;
    private final FileCreator creator;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private final Condition syncWanted = lock.newCondition();
    /** Guarded by lock: the entries of the group being filled, after the {@link #carried} bytes. */
    private ByteBuffer filling;
    /**
     * Guarded by lock: bytes at the start of {@link #filling} that are not entries but the carry of the group
     * written before (see {@link BlockWriter}); always 0 when groups are written as they are.
     */
    private int carried;
    /** Guarded by lock. */
    private List<Runnable> publications = new ArrayList<>();
    /** Guarded by lock. */
    private Group group;
    /** Guarded by lock: a written buffer handed back for reuse. */
    private ByteBuffer spare;
    /** Guarded by lock: what the syncer is to do, in order. */
    private final ArrayDeque<Sync> syncs = new ArrayDeque<>();
    /** Guarded by lock: the first failed write or fsync, after which nothing is accepted. */
    private IOException failure;
    /** Guarded by lock. */
    private boolean stopping;
    /** Guarded by lock: the writer waits for a group woken from idle to grow. */
    private boolean lingering;
    /** Guarded by lock: the writer has stopped; the syncer forces the last file and stops too. */
    private boolean writerDone;
    /** Guarded by lock: whether close() has run (close is idempotent). */
    private boolean closed;

    /** Owned by the writer thread (and by close() once it has stopped). */
    private OpenFile file;
    /** Owned by the writer thread: the number of {@link #file}. */
    private long fileNumber;
    /** Owned by the writer thread: where the next group goes in {@link #file}. */
    private long position;
    /** Writes whole blocks, or null when groups are written as they are. */
    private final BlockWriter blocks;

    private final Thread writer;
    /** Null under {@link FsyncPolicy#NEVER}. */
    private final Thread syncer;

    private Journal(Path dir, FsyncPolicy policy, long rollBytes, Consumer<Path> onRolled, FileCreator creator,
            long firstNumber, OpenFile first, int blockSize) {
        this.dir = dir;
        this.blocks = blockSize > 0 ? new BlockWriter(blockSize) : null;
        this.filling = newBuffer(INITIAL_BUFFER_BYTES);
        this.policy = policy;
        this.rollBytes = rollBytes;
        this.onRolled = onRolled;
        this.creator = creator;
        this.fileNumber = firstNumber;
        this.file = first;
        this.group = new Group(policy == FsyncPolicy.ALWAYS);
        this.writer = new Thread(this::writeUntilStopped, "freshet-journal-writer " + dir);
        writer.setDaemon(true);
        this.syncer = policy == FsyncPolicy.NEVER ? null : new Thread(this::syncUntilStopped, "freshet-journal-sync " + dir);
        if (syncer != null) {
            syncer.setDaemon(true);
        }
    }

    /**
     * Starts a journal in {@code dir} (created if absent) with a new, empty file numbered {@code firstNumber},
     * which must not exist yet.
     *
     * @param onRolled told, on a journal thread, the path of each file the journal has left behind, once forced
     *     and closed; it must be quick (it should only schedule the checkpoint)
     */
    static Journal start(Path dir, FsyncPolicy policy, long rollBytes, long firstNumber, Consumer<Path> onRolled)
            throws IOException {
        return start(dir, policy, rollBytes, firstNumber, onRolled, path -> JournalFiles.create(path,
                policy == FsyncPolicy.ALWAYS ? JournalFiles.blockSize(path.getParent()) : 0));
    }

    /**
     * {@link #start(Path, FsyncPolicy, long, long, Consumer)} with files made by {@code creator}. Under
     * {@link FsyncPolicy#ALWAYS} the journal writes whole blocks of the file system's size, whether or not
     * {@code creator}'s channels bypass the page cache.
     */
    static Journal start(Path dir, FsyncPolicy policy, long rollBytes, long firstNumber, Consumer<Path> onRolled,
            FileCreator creator) throws IOException {
        JournalFiles.createDirectory(dir, policy);
        int blockSize = policy == FsyncPolicy.ALWAYS ? JournalFiles.blockSize(dir) : 0;
        OpenFile first = create(creator, dir, firstNumber, policy);
        Journal journal = new Journal(dir, policy, rollBytes, onRolled, creator, firstNumber, first, blockSize);
        journal.writer.start();
        if (journal.syncer != null) {
            journal.syncer.start();
        }
        return journal;
    }

    /** The constant part of {@code name}'s batch entries, to pass to {@link #append}. */
    static Key key(String name) {
        return new Key(KIND_BATCH, name);
    }

    /**
     * Adds a stamped batch of the log {@code key} names; {@code publication} runs on the writer thread once the
     * batch is written, before the group's {@link Group#written} completes. Batches of one log must be
     * appended in offset order (the log's own lock sees to that).
     *
     * @throws IOException if an earlier write or fsync failed
     * @throws IllegalStateException if the journal is closed
     */
    Group append(Key key, ByteBuffer batch, Runnable publication) throws IOException {
        int length = HEADER_SIZE - 3 + key.header.length + batch.remaining();
        lock.lock();
        try {
            ensureAccepting();
            ensureRoom(length);
            boolean first = filling.position() == carried;
            filling.putInt(length).putInt(key.crc).put(key.header).put(batch.duplicate());
            publications.add(publication);
            wakeWriter(first);
            return group;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds an entry saying the log {@code name} ({@link #KIND_LOG_DELETED}) or every log of the group
     * {@code name} ({@link #KIND_GROUP_DELETED}) was deleted, so that a replay does not bring back what came
     * before it. The deletion may go ahead once the returned group is durable.
     */
    Group appendDeletion(byte kind, String name) throws IOException {
        if (kind != KIND_LOG_DELETED && kind != KIND_GROUP_DELETED) {
            throw new IllegalArgumentException("not a deletion: " + kind);
        }
        Key key = new Key(kind, name);
        int length = HEADER_SIZE - 3 + key.header.length;
        lock.lock();
        try {
            ensureAccepting();
            ensureRoom(length);
            filling.putInt(length).putInt(key.crc).put(key.header);
            filled.signal();
            return group;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Has the syncer force what was written so far (for {@link FsyncPolicy#INTERVAL}'s schedule); returns a
     * future completed once it has, or failed if the journal failed. Complete at once under
     * {@link FsyncPolicy#NEVER}.
     */
    CompletableFuture<Void> requestSync() {
        CompletableFuture<Void> synced = new CompletableFuture<>();
        if (syncer == null) {
            synced.complete(null);
            return synced;
        }
        lock.lock();
        try {
            if (failure != null) {
                synced.completeExceptionally(failure);
            } else if (stopping) {
                synced.complete(null);
            } else {
                syncs.addLast(new Sync(file, synced, false));
                syncWanted.signal();
            }
        } finally {
            lock.unlock();
        }
        return synced;
    }

    /**
     * Writes and forces every entry accepted so far, then stops the threads and closes the file; idempotent.
     * The current file stays on disk: it is the caller's to delete once the logs are forced.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            filled.signalAll();
            syncWanted.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = join(writer);
        if (syncer != null) {
            interrupted |= join(syncer);
        }
        try {
            file.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing journal file " + file.path() + " failed", e);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Guarded by lock. */
    private void ensureAccepting() throws IOException {
        if (failure != null) {
            throw new IOException("the journal failed earlier; appends are refused until the storage is reopened",
                    failure);
        }
        if (stopping) {
            throw new IllegalStateException("the journal is closed");
        }
    }

    /**
     * Guarded by lock: wakes the writer for a group's first entry, and again once the group is large enough
     * to cut its lingering short. Signalling on every entry would cost a futex wake-up per append whenever the
     * writer waits, which is most of the time.
     */
    private void wakeWriter(boolean first) {
        if (first || (lingering && filling.position() >= LINGER_UNTIL_BYTES)) {
            filled.signal();
        }
    }

    /** Guarded by lock: removes the carry from the group being filled, which is to start a new file. */
    private void dropCarryLocked() {
        if (carried == 0) {
            return;
        }
        ByteBuffer entries = newBuffer(filling.capacity());
        entries.put(filling.flip().position(carried));
        filling = entries;
        carried = 0;
    }

    /** A buffer for a group: aligned to whole blocks if the journal writes them. */
    private ByteBuffer newBuffer(int capacity) {
        return blocks != null ? blocks.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
    }

    /** Guarded by lock: grows the group's buffer to take {@code bytes} more. */
    private void ensureRoom(int bytes) {
        if (filling.remaining() >= bytes) {
            return;
        }
        long wanted = Math.max((long) filling.capacity() * 2, (long) filling.position() + bytes);
        ByteBuffer larger = newBuffer((int) Math.min(wanted, Integer.MAX_VALUE - (64 << 10)));
        filling.flip();
        larger.put(filling);
        filling = larger;
    }

    private void writeUntilStopped() {
        try {
            while (true) {
                ByteBuffer toWrite;
                int carry;
                List<Runnable> toPublish;
                Group written;
                lock.lock();
                try {
                    if (filling.position() == carried && !stopping) {
                        while (filling.position() == carried && !stopping) {
                            filled.awaitUninterruptibly();
                        }
                        lingerLocked();
                    }
                    if (filling.position() == carried || failure != null) {
                        return;
                    }
                    toWrite = filling;
                    carry = carried;
                    filling = spare != null ? spare : newBuffer(INITIAL_BUFFER_BYTES);
                    spare = null;
                    // the next group starts with this one's last partial block; dropped if this one rolls
                    carried = blocks != null ? blocks.carryOver(toWrite, filling) : 0;
                    toPublish = publications;
                    publications = new ArrayList<>(Math.max(16, toPublish.size()));
                    written = group;
                    group = new Group(policy == FsyncPolicy.ALWAYS);
                } finally {
                    lock.unlock();
                }
                if (!write(toWrite, carry, toPublish, written)) {
                    return;
                }
            }
        } finally {
            lock.lock();
            try {
                writerDone = true;
                syncWanted.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Guarded by lock: after waking from idle for a group's first entry, waits a little for more, so that a
     * request appending to many logs one after another fills one group rather than one each. Busy, the writer
     * does not linger: a group fills while it writes the one before.
     */
    private void lingerLocked() {
        lingering = true;
        long nanos = LINGER_NANOS;
        while (nanos > 0 && filling.position() < LINGER_UNTIL_BYTES && !stopping) {
            try {
                nanos = filled.awaitNanos(nanos);
            } catch (InterruptedException e) {
                // never interrupted by design; keep the flag for whoever looks
                Thread.currentThread().interrupt();
                break;
            }
        }
        lingering = false;
    }

    /**
     * Writes one group, which starts with {@code carry} bytes written before, publishes it and hands it to the
     * syncer; false if the journal failed.
     */
    private boolean write(ByteBuffer toWrite, int carry, List<Runnable> toPublish, Group written) {
        try {
            if (blocks != null) {
                blocks.write(file.channel(), toWrite, position - carry);
                position += toWrite.position() - carry;
            } else {
                toWrite.flip();
                while (toWrite.hasRemaining()) {
                    position += file.channel().write(toWrite, position);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException io ? io : new IOException(e), written);
            return false;
        }
        for (Runnable publication : toPublish) {
            publication.run();
        }
        written.written.complete(null);
        boolean forced = written.durable != written.written;
        boolean roll = position >= rollBytes;
        OpenFile next = null;
        if (roll) {
            try {
                next = create(creator, dir, fileNumber + 1, policy);
            } catch (IOException e) {
                // the group itself is written; only what comes after fails
                fail(e, forced ? written : null);
                return false;
            }
        }
        OpenFile current = file;
        lock.lock();
        try {
            toWrite.clear();
            if (toWrite.capacity() <= MAX_KEPT_BUFFER_BYTES) {
                spare = toWrite;
            }
            if (syncer != null && (forced || roll)) {
                syncs.addLast(new Sync(current, forced ? written.durable : null, roll));
                syncWanted.signal();
            }
            if (roll) {
                file = next;
                fileNumber++;
                position = 0;
                dropCarryLocked();
            }
        } finally {
            lock.unlock();
        }
        if (roll && syncer == null) {
            closeRolled(current);
        }
        return true;
    }

    /**
     * Forces each file named by the syncs waiting, once per round (a sync waits only for groups written before
     * it was queued, so one force begun after that covers them all), then completes them. Once the writer has
     * stopped, forces the last file and stops.
     */
    private void syncUntilStopped() {
        while (true) {
            List<Sync> round;
            OpenFile last;
            boolean done;
            lock.lock();
            try {
                while (syncs.isEmpty() && !writerDone) {
                    syncWanted.awaitUninterruptibly();
                }
                round = new ArrayList<>(syncs);
                syncs.clear();
                done = round.isEmpty();
                last = failure == null ? file : null;
            } finally {
                lock.unlock();
            }
            if (done) {
                if (last != null) {
                    try {
                        last.channel().force(false);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "forcing journal file " + last.path() + " failed", e);
                    }
                }
                return;
            }
            sync(round);
        }
    }

    private void sync(List<Sync> round) {
        OpenFile forced = null;
        IOException failed = null;
        for (Sync sync : round) {
            if (failed == null && sync.file() != forced) {
                try {
                    sync.file().channel().force(false);
                    forced = sync.file();
                } catch (IOException | RuntimeException e) {
                    failed = e instanceof IOException io ? io : new IOException(e);
                    fail(failed, null);
                }
            }
            if (sync.durable() != null) {
                if (failed == null) {
                    sync.durable().complete(null);
                } else {
                    sync.durable().completeExceptionally(failed);
                }
            }
            if (sync.last() && failed == null) {
                closeRolled(sync.file());
                forced = null;
            }
        }
    }

    /** Closes a file the journal has moved past, which is forced, and hands it to the checkpoint. */
    private void closeRolled(OpenFile rolled) {
        try {
            rolled.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing journal file " + rolled.path() + " failed", e);
        }
        onRolled.accept(rolled.path());
    }

    /** Records the journal's failure and fails every group not yet durable, {@code also} included. */
    private void fail(IOException cause, Group also) {
        List<Sync> pending;
        Group unwritten;
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
                LOG.log(System.Logger.Level.ERROR, "the journal in " + dir + " failed; appends are refused", cause);
            }
            pending = List.copyOf(syncs);
            syncs.clear();
            // entries not written yet must never be: they would follow a hole
            filling.clear();
            carried = 0;
            publications.clear();
            unwritten = group;
            group = new Group(policy == FsyncPolicy.ALWAYS);
            stopping = true;
            filled.signalAll();
            syncWanted.signalAll();
        } finally {
            lock.unlock();
        }
        if (also != null) {
            also.fail(cause);
        }
        unwritten.fail(cause);
        for (Sync sync : pending) {
            if (sync.durable() != null) {
                sync.durable().completeExceptionally(cause);
            }
        }
    }

    private static OpenFile create(FileCreator creator, Path dir, long number, FsyncPolicy policy)
            throws IOException {
        Path path = JournalFiles.path(dir, number);
        FileChannel channel = creator.create(path);
        if (policy != FsyncPolicy.NEVER) {
            try {
                // the file's name must be durable before any entry in it is acknowledged
                SegmentFiles.syncDirectory(dir);
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        return new OpenFile(path, channel);
    }

    private static boolean join(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
