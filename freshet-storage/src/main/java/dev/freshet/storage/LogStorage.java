package dev.freshet.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where shard logs live: opens them by name, lists and deletes them. Names are relative paths of
 * segments matching {@code [A-Za-z0-9_.@-]+} joined by {@code /} (for example
 * {@code "a1b2…-x9z/shardId-000000000000"}); a name's first segment groups the logs of one stream.
 *
 * <p>Thread-safe. {@link #close()} closes every log it opened and is idempotent.
 */
public interface LogStorage extends AutoCloseable {

    /**
     * Opens the file-backed storage rooted at {@code root} (created if absent): each log is the directory
     * {@code root/<name>/} of segment files, and a write-ahead journal shared by all logs takes every append
     * first. Opening replays into the logs whatever a crash left in the journal only. Only one storage may use a
     * root at a time; a second open, from this process or another, fails.
     *
     * @throws IOException if the root cannot be created or is in use
     * @throws CorruptBatchException if the journal holds batches that no longer follow on from a log's segments
     */
    static LogStorage onDisk(Path root, LogConfig config) throws IOException {
        return FileLogStorage.openRoot(root, config);
    }

    /** A storage that keeps logs in memory, with {@link LogConfig#defaults()} segment sizes. */
    static LogStorage inMemory() {
        return inMemory(LogConfig.defaults());
    }

    /**
     * A storage that keeps logs in memory until they are deleted or the storage is closed. Of
     * {@code config} only {@link LogConfig#segmentBytes()} matters: it sets the granularity of
     * {@link ShardLog#deleteBefore} exactly as on disk.
     */
    static LogStorage inMemory(LogConfig config) {
        return new MemoryLogStorage(config.segmentBytes());
    }

    /** Opens (creating if absent) the log with this name; a log already open is returned as is. */
    ShardLog open(String name) throws IOException;

    /** Names of the logs that exist under the group {@code prefix} (the first name segment). */
    Set<String> list(String prefix) throws IOException;

    /** Closes and deletes every log of the group {@code prefix}. */
    void deleteGroup(String prefix) throws IOException;

    /** Closes and deletes the log with this name, if it exists; opening the name again starts an empty log. */
    void delete(String name) throws IOException;

    @Override
    void close();
}
