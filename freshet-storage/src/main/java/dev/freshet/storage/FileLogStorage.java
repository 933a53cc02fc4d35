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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link LogStorage} in a directory: the log named {@code a/b} lives in {@code root/a/b/}. The root also
 * holds a lock file, so that no two storages share it, and, transiently, groups being deleted, renamed
 * first so that a crash cannot leave half a group visible. Those names contain {@code ~}, which log names
 * cannot.
 *
 * <p>File descriptors: segment files are opened on use and kept open within {@link LogConfig#openFileBudget()}
 * for all logs together ({@link OpenFiles}), plus those of reads and forces in progress on files just
 * closed to make room, a few short-lived ones (index files, directory syncs, recovery scans), and one for
 * the lock. Opening a log opens none for good.
 *
 * <p>Thread-safe. Opening different logs runs in parallel (recovery can take a while); {@link #deleteGroup}
 * and {@link #close} exclude every other storage operation.
 */
final class FileLogStorage implements LogStorage {

    private static final String LOCK_FILE = "~freshet.lock";
    private static final String TRASH_PREFIX = "~deleted-";

    private final Path root;
    private final LogConfig config;
    private final IndexCache cache = new IndexCache(IndexCache.DEFAULT_BUDGET_BYTES);
    private final OpenFiles files;
    private final FileChannel lockChannel;
    /**
     * Null under {@link FsyncPolicy#NEVER}: the group commit of appends under {@link FsyncPolicy#ALWAYS}, the
     * parallel forcing of the flusher's passes under {@link FsyncPolicy#INTERVAL}.
     */
    private final GroupCommitter committer;
    /** Null unless the policy is {@link FsyncPolicy#INTERVAL}. */
    private final PeriodicFlusher flusher;
    /** Logs open or being opened; a future so that concurrent opens of one log share the recovery. */
    private final Map<String, CompletableFuture<FileShardLog>> logs = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Guarded by lifecycle. */
    private boolean closed;

    private FileLogStorage(Path root, LogConfig config, FileChannel lockChannel) {
        this.root = root;
        this.config = config;
        this.lockChannel = lockChannel;
        this.files = new OpenFiles(config.openFileBudget());
        this.committer = config.fsyncPolicy() != FsyncPolicy.NEVER
                ? new GroupCommitter("freshet-group-commit " + root) : null;
        this.flusher = config.fsyncPolicy() == FsyncPolicy.INTERVAL
                ? new PeriodicFlusher("freshet-fsync " + root, config.fsyncInterval(), this::openLogs, committer)
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
        return new FileLogStorage(absolute, config, lockChannel);
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
                            config.fsyncPolicy() == FsyncPolicy.ALWAYS ? committer : null, this::forget);
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
        delete(name -> LogNames.groupOf(name).equals(prefix), prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        LogNames.checkName(name);
        delete(name::equals, name);
    }

    /**
     * Closes the logs {@code which} selects and deletes the directory {@code relative}: renamed into the
     * trash first (one atomic step, made durable), so a crash mid-delete leaves no half-deleted log that
     * would later open with a hole in its offsets.
     */
    private void delete(Predicate<String> which, String relative) throws IOException {
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
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

    /** Closes every log (forcing it), then the background threads and the lock; idempotent. */
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
            failure = closeLogs(name -> true);
            if (committer != null) {
                committer.close();
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

    /** The open logs that may hold appends not yet forced, for the periodic flusher. */
    private Collection<Forceable> openLogs() {
        List<Forceable> open = new ArrayList<>();
        for (CompletableFuture<FileShardLog> opened : logs.values()) {
            FileShardLog log = opened.getNow(null);
            if (log != null && log.mayBeDirty()) {
                open.add(log::forceIfDirty);
            }
        }
        return open;
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
