package dev.freshet.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link LogStorage} in a directory: the log named {@code a/b} lives in {@code root/a/b/}. The root also
 * holds a lock file, so that no two storages share it, the {@link Journal}'s directory, and, transiently,
 * groups being deleted, renamed first so that a crash cannot leave half a group visible. Those names contain
 * {@code ~}, which log names cannot.
 *
 * <p>Every append goes through the one journal, which is all that is forced per request; the logs' segments
 * get the same bytes later and are forced by checkpoints: each time the journal moves to a new file (every
 * {@link LogConfig#journalBytes()}), a checkpoint thread writes and forces every log written since (in
 * parallel, on the {@link GroupCommitter}'s threads) and then deletes the journal files before it. Opening a
 * storage replays the journal files a crash left ({@link JournalReplay}) into the logs, forces them and
 * deletes the files; closing one cleanly leaves none.
 *
 * <p>File descriptors: segment files are opened on use and kept open within {@link LogConfig#openFileBudget()}
 * for all logs together ({@link OpenFiles}), plus those of reads and forces in progress on files just
 * closed to make room, a few short-lived ones (index files, directory syncs, recovery scans), one for the
 * lock and one for the journal's file. Opening a log opens none for good.
 *
 * <p>Thread-safe. Opening different logs runs in parallel (recovery can take a while); {@link #deleteGroup}
 * and {@link #close} exclude every other storage operation.
 */
final class FileLogStorage implements LogStorage {

    private static final System.Logger LOG = System.getLogger(FileLogStorage.class.getName());

    private static final String LOCK_FILE = "~freshet.lock";
    private static final String TRASH_PREFIX = "~deleted-";

    private final Path root;
    private final LogConfig config;
    private final IndexCache cache = new IndexCache(IndexCache.DEFAULT_BUDGET_BYTES);
    private final OpenFiles files;
    private final FileChannel lockChannel;
    private final Journal journal;
    /** The number of this run's first journal file: those before it are an earlier run's, to replay. */
    private final long firstJournalNumber;
    /** Runs checkpoints, one at a time, in the order the journal left its files. */
    private final ExecutorService checkpoints;
    /** Guarded by checkpoints' single thread: journal files left behind and not deleted yet. */
    private final List<Path> rolled = new ArrayList<>();
    /** Null under {@link FsyncPolicy#NEVER}: forces the logs of a checkpoint in parallel. */
    private final GroupCommitter committer;
    /** Null unless the policy is {@link FsyncPolicy#INTERVAL}: forces the journal on schedule. */
    private final PeriodicFlusher flusher;
    /** Logs open or being opened; a future so that concurrent opens of one log share the recovery. */
    private final Map<String, CompletableFuture<FileShardLog>> logs = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Guarded by lifecycle. */
    private boolean closed;

    private FileLogStorage(Path root, LogConfig config, FileChannel lockChannel, long journalNumber)
            throws IOException {
        this.root = root;
        this.config = config;
        this.lockChannel = lockChannel;
        this.files = new OpenFiles(config.openFileBudget());
        this.checkpoints = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "freshet-checkpoint " + root);
            thread.setDaemon(true);
            return thread;
        });
        this.firstJournalNumber = journalNumber;
        this.journal = Journal.start(root.resolve(JournalFiles.DIRECTORY), config.fsyncPolicy(),
                config.journalBytes(), journalNumber, this::scheduleCheckpoint);
        this.committer = config.fsyncPolicy() != FsyncPolicy.NEVER
                ? new GroupCommitter("freshet-checkpoint-force " + root) : null;
        this.flusher = config.fsyncPolicy() == FsyncPolicy.INTERVAL
                ? new PeriodicFlusher("freshet-fsync " + root, config.fsyncInterval(),
                        () -> journal.requestSync().join())
                : null;
    }

    /** See {@link LogStorage#onDisk}. */
    static LogStorage openRoot(Path root, LogConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Path absolute = root.toAbsolutePath();
        Files.createDirectories(absolute);
        FileChannel lockChannel = FileChannel.open(absolute.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("log storage " + absolute + " is already in use");
            }
            emptyTrash(absolute);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel, e);
            throw e;
        }
        Path journalDir = absolute.resolve(JournalFiles.DIRECTORY);
        List<Long> left = JournalFiles.numbers(journalDir);
        FileLogStorage storage;
        try {
            storage = new FileLogStorage(absolute, config, lockChannel, left.isEmpty() ? 1 : left.get(left.size() - 1) + 1);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel, e);
            throw e;
        }
        try {
            storage.replay(JournalFiles.paths(journalDir, left));
        } catch (IOException | RuntimeException e) {
            try {
                storage.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return storage;
    }

    /**
     * Writes into the logs what the journal files of an earlier run hold and their segments lack, forces them,
     * and deletes the files. Logs deleted since are left deleted (their directories are gone).
     */
    private void replay(List<Path> journalFiles) throws IOException {
        if (journalFiles.isEmpty()) {
            return;
        }
        try (JournalReplay replay = JournalReplay.scan(journalFiles)) {
            for (Map.Entry<String, List<JournalReplay.Entry>> log : replay.logs().entrySet()) {
                if (!Files.isDirectory(root.resolve(log.getKey()))) {
                    continue;
                }
                FileShardLog opened = (FileShardLog) open(log.getKey());
                for (JournalReplay.Entry entry : log.getValue()) {
                    opened.replay(replay.read(entry));
                }
            }
        }
        forceLogs();
        JournalFiles.delete(journalFiles, config.fsyncPolicy());
    }

    @Override
    public ShardLog open(String name) throws IOException {
        LogNames.checkName(name);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            while (true) {
                CompletableFuture<FileShardLog> existing = logs.get(name);
                if (existing != null) {
                    FileShardLog log = awaitQuietly(existing);
                    if (log != null && log.isOpen()) {
                        return log;
                    }
                    // failed or closed meanwhile: forget it and try again
                    logs.remove(name, existing);
                    continue;
                }
                CompletableFuture<FileShardLog> mine = new CompletableFuture<>();
                if (logs.putIfAbsent(name, mine) != null) {
                    continue;
                }
                try {
                    FileShardLog log = FileShardLog.open(name, createLogDirectory(name), config, cache, files,
                            journal, this::forget);
                    mine.complete(log);
                    return log;
                } catch (IOException | RuntimeException e) {
                    logs.remove(name, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Set<String> list(String prefix) throws IOException {
        LogNames.checkGroup(prefix);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Path group = root.resolve(prefix);
            Set<String> names = new TreeSet<>();
            if (!Files.isDirectory(group)) {
                return names;
            }
            try (Stream<Path> files = Files.walk(group)) {
                files.filter(SegmentFiles::isLogFile)
                        .map(file -> nameOf(file.getParent()))
                        .forEach(names::add);
            }
            return names;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void deleteGroup(String prefix) throws IOException {
        LogNames.checkGroup(prefix);
        delete(name -> LogNames.groupOf(name).equals(prefix), prefix, Journal.KIND_GROUP_DELETED);
    }

    @Override
    public void delete(String name) throws IOException {
        LogNames.checkName(name);
        delete(name::equals, name, Journal.KIND_LOG_DELETED);
    }

    /**
     * Closes the logs {@code which} selects and deletes the directory {@code relative}: renamed into the
     * trash first (one atomic step, made durable), so a crash mid-delete leaves no half-deleted log that
     * would later open with a hole in its offsets. The journal says so first, so that a replay does not bring
     * back what it held of them.
     */
    private void delete(Predicate<String> which, String relative, byte deletion) throws IOException {
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            try {
                journal.appendDeletion(deletion, relative).durable.join();
            } catch (CompletionException e) {
                throw new IOException("the journal could not record the deletion of " + relative, e.getCause());
            }
            RuntimeException closing = closeLogs(which);
            Path target = root.resolve(relative);
            if (Files.exists(target)) {
                Path trash = root.resolve(TRASH_PREFIX + relative.replace('/', '@') + "-" + System.nanoTime());
                Files.move(target, trash);
                if (config.fsyncPolicy() != FsyncPolicy.NEVER) {
                    SegmentFiles.syncDirectory(target.getParent());
                    SegmentFiles.syncDirectory(root);
                }
                SegmentFiles.deleteTree(trash);
            }
            if (closing != null) {
                throw closing;
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Stops the journal once it has written and forced everything accepted, closes every log (forcing it),
     * deletes the journal's files if every log closed cleanly (else a restart replays them), then stops the
     * background threads and releases the lock; idempotent.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException failure = null;
            if (flusher != null) {
                flusher.close();
            }
            journal.close();
            PeriodicFlusher.awaitTermination(checkpoints);
            failure = closeLogs(name -> true);
            if (committer != null) {
                committer.close();
            }
            if (failure == null) {
                try {
                    // only this run's: files an earlier run left are gone once replayed, or kept if that failed
                    Path journalDir = root.resolve(JournalFiles.DIRECTORY);
                    List<Long> numbers = JournalFiles.numbers(journalDir);
                    numbers.removeIf(number -> number < firstJournalNumber);
                    JournalFiles.delete(JournalFiles.paths(journalDir, numbers), config.fsyncPolicy());
                } catch (IOException e) {
                    failure = new UncheckedIOException("deleting the journal of " + root + " failed", e);
                }
            }
            try {
                lockChannel.close();
            } catch (IOException e) {
                failure = chain(failure, new UncheckedIOException("releasing the lock of " + root + " failed", e));
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "FileLogStorage[" + root + "]";
    }

    /** How many segment files are open now, within {@link LogConfig#openFileBudget()} (for tests). */
    int openFileCount() {
        return files.openCount();
    }

    private Path createLogDirectory(String name) throws IOException {
        Path dir = root.resolve(name);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        if (config.fsyncPolicy() != FsyncPolicy.NEVER) {
            for (Path created = dir; !created.equals(root); created = created.getParent()) {
                SegmentFiles.syncDirectory(created.getParent());
            }
        }
        return dir;
    }

    /** Closes the open logs whose names match, returning what failed. Called under the write lock. */
    private RuntimeException closeLogs(Predicate<String> which) {
        RuntimeException failure = null;
        for (String name : List.copyOf(logs.keySet())) {
            if (!which.test(name)) {
                continue;
            }
            CompletableFuture<FileShardLog> opened = logs.remove(name);
            FileShardLog log = opened == null ? null : awaitQuietly(opened);
            if (log != null) {
                try {
                    log.close();
                } catch (RuntimeException e) {
                    failure = chain(failure, e);
                }
            }
        }
        return failure;
    }

    /** Has a checkpoint let go of a journal file the journal has moved past (called on a journal thread). */
    private void scheduleCheckpoint(Path journalFile) {
        try {
            checkpoints.execute(() -> checkpoint(journalFile));
        } catch (RejectedExecutionException closing) {
            // the storage is closing: it forces every log and deletes the journal itself
        }
    }

    /**
     * Writes and forces every log written since the last checkpoint, then deletes the journal files that held
     * their batches. If that fails, the files stay: the next checkpoint tries again, and meanwhile a restart
     * would replay them.
     */
    private void checkpoint(Path journalFile) {
        rolled.add(journalFile);
        try {
            forceLogs();
            JournalFiles.delete(rolled, config.fsyncPolicy());
            rolled.clear();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "checkpoint of " + root + " failed; the journal keeps " + rolled, e);
        }
    }

    /**
     * Writes every open log's appended bytes still in memory to its segment and, unless the policy never
     * forces, forces them, in parallel.
     */
    private void forceLogs() throws IOException {
        List<CompletableFuture<Void>> forced = new ArrayList<>();
        for (CompletableFuture<FileShardLog> opened : logs.values()) {
            FileShardLog log = opened.getNow(null);
            if (log == null || !log.mayBeDirty()) {
                continue;
            }
            if (committer == null) {
                log.flushIfDirty();
            } else {
                forced.add(committer.submit(committer.target(log::forceIfDirty)));
            }
        }
        IOException failure = null;
        for (CompletableFuture<Void> done : forced) {
            try {
                done.join();
            } catch (CompletionException | CancellationException e) {
                IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void forget(FileShardLog log) {
        logs.computeIfPresent(log.name(), (name, opened) -> opened.getNow(null) == log ? null : opened);
    }

    private String nameOf(Path logDir) {
        Path relative = root.relativize(logDir);
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log storage " + root + " is closed");
        }
    }

    /** The log a future opened, or null if opening it failed (its opener reports that). */
    private static FileShardLog awaitQuietly(CompletableFuture<FileShardLog> opened) {
        try {
            return opened.join();
        } catch (CompletionException | CancellationException e) {
            return null;
        }
    }

    private static void emptyTrash(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (entry.getFileName().toString().startsWith(TRASH_PREFIX)) {
                    SegmentFiles.deleteTree(entry);
                }
            }
        }
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
