package dev.freshet.streams;

import dev.freshet.storage.LogStorage;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A stream at run time: its current metadata and its open shard logs.
 *
 * <p>Thread-safe. The metadata is an immutable value replaced whole (only by {@link StreamRegistry},
 * after it is stored); shard logs are opened on first use and are themselves thread-safe. Once the
 * registry has purged the stream, no log of it opens again, so a late caller cannot recreate files
 * that nothing would ever delete.
 */
final class Stream {

    private final LogStorage storage;
    /**
     * The logs opened so far, by shard index. Every put looks up its shard's log, and a PutRecords to a
     * big stream does so for up to 500 shards: an array slot is one read where a map keyed by boxed
     * indexes chased three pointers. Changed only under this object's monitor; when a shard of a higher
     * index opens, a longer copy replaces it.
     */
    private volatile AtomicReferenceArray<ShardLog> logs = new AtomicReferenceArray<>(0);
    /** Opening logs holds it shared; purging the stream and deleting a log hold it alone. */
    private final ReadWriteLock opening = new ReentrantReadWriteLock();
    private final ReadWriteLock appends = new ReentrantReadWriteLock();
    /** Who waits for records appended to a shard, by shard index: SubscribeToShard pushes them as they come. */
    private final Map<Integer, Set<Runnable>> appendListeners = new ConcurrentHashMap<>();
    private volatile StreamMetadata metadata;
    private volatile ShardRouter router;
    /** Guarded by {@link #opening}: set under its write lock, read under its read lock. */
    private boolean purged;

    Stream(StreamMetadata metadata, LogStorage storage) {
        this.metadata = metadata;
        this.router = ShardRouter.of(metadata);
        this.storage = storage;
    }

    StreamMetadata metadata() {
        return metadata;
    }

    /** Publishes the next metadata; only {@link StreamRegistry#change} calls this. */
    void metadata(StreamMetadata next) {
        this.router = ShardRouter.of(next);
        this.metadata = next;
    }

    /** Routes records to the open shards of the current metadata. */
    ShardRouter router() {
        return router;
    }

    /**
     * Writers hold the read lock from routing a record to its shard until it is appended; a metadata
     * change holds the write lock, so no record lands in a shard after the change closed it.
     */
    ReadWriteLock appends() {
        return appends;
    }

    String id() {
        return metadata.streamId();
    }

    int tag() {
        return SequenceNumbers.streamTag(metadata.streamId());
    }

    ShardLog log(ShardMetadata shard) {
        int index = shard.index();
        AtomicReferenceArray<ShardLog> open = logs;
        ShardLog log = index < open.length() ? open.get(index) : null;
        if (log != null) {
            return log;
        }
        // Shared: logs of different shards open side by side (creating one waits on directory fsyncs, and a
        // first PutRecords to a big stream opens hundreds); purging and deleting wait until none is opening.
        opening.readLock().lock();
        try {
            if (purged) {
                throw Messages.streamNotFound(StreamRegistry.keyOf(metadata));
            }
            try {
                // The storage opens a log once however many callers ask for it at the same time.
                log = storage.open(logName(shard));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the log of " + shard.shardId(), e);
            }
            return install(index, log);
        } finally {
            opening.readLock().unlock();
        }
    }

    /** Puts an opened log in its slot, growing the array if it must; the log already there wins. */
    private synchronized ShardLog install(int index, ShardLog log) {
        AtomicReferenceArray<ShardLog> open = logs;
        if (index >= open.length()) {
            AtomicReferenceArray<ShardLog> longer = new AtomicReferenceArray<>(Math.max(index + 1, 2 * open.length()));
            for (int i = 0; i < open.length(); i++) {
                longer.set(i, open.get(i));
            }
            logs = open = longer;
        }
        ShardLog installed = open.get(index);
        if (installed != null) {
            return installed;
        }
        open.set(index, log);
        return log;
    }

    /** Closes and deletes the log of a shard the metadata no longer holds (it passed retention). */
    void deleteLog(ShardMetadata shard) throws IOException {
        opening.writeLock().lock();
        try {
            synchronized (this) {
                AtomicReferenceArray<ShardLog> open = logs;
                if (shard.index() < open.length()) {
                    open.set(shard.index(), null);
                }
            }
            storage.delete(logName(shard));
        } finally {
            opening.writeLock().unlock();
        }
    }

    private String logName(ShardMetadata shard) {
        return metadata.streamId() + "/" + shard.shardId();
    }

    /** Runs {@code listener} (it must be quick: it only schedules work) after each append to the shard. */
    void onAppend(int shardIndex, Runnable listener) {
        appendListeners.computeIfAbsent(shardIndex, index -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    void removeAppendListener(int shardIndex, Runnable listener) {
        Set<Runnable> listeners = appendListeners.get(shardIndex);
        if (listeners != null) {
            listeners.remove(listener);
        }
    }

    /** Called by writers after records were appended to the shard. */
    void appended(int shardIndex) {
        Set<Runnable> listeners = appendListeners.get(shardIndex);
        if (listeners != null) {
            listeners.forEach(Runnable::run);
        }
    }

    /** The logs opened so far. */
    Collection<ShardLog> openLogs() {
        AtomicReferenceArray<ShardLog> open = logs;
        List<ShardLog> opened = new ArrayList<>();
        for (int i = 0; i < open.length(); i++) {
            ShardLog log = open.get(i);
            if (log != null) {
                opened.add(log);
            }
        }
        return opened;
    }

    void markPurged() {
        opening.writeLock().lock();
        try {
            purged = true;
        } finally {
            opening.writeLock().unlock();
        }
    }

    /** The sequence number of the record at {@code offset} of {@code shard}. */
    String sequenceNumber(ShardMetadata shard, long offset) {
        return SequenceNumbers.ofRecord(shard.index(), offset, tag());
    }

    /** Formats the sequence numbers of records of {@code shard}, for one batch (see the class). */
    ConsecutiveSequenceNumbers sequenceNumbers(ShardMetadata shard) {
        return new ConsecutiveSequenceNumbers(shard.index(), tag());
    }

    /**
     * The sequence number of the last record before {@code offset} of {@code shard}, or its
     * StartingSequenceNumber if there is none: where a reader that reached {@code offset} stands.
     */
    String sequenceNumberBefore(ShardMetadata shard, long offset) {
        return offset == 0 ? startingSequenceNumber(shard) : sequenceNumber(shard, offset - 1);
    }

    /** The StartingSequenceNumber of {@code shard}. */
    String startingSequenceNumber(ShardMetadata shard) {
        return SequenceNumbers.shardStart(shard.index(), tag());
    }
}
