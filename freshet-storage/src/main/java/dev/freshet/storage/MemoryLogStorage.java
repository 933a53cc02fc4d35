package dev.freshet.storage;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link LogStorage} in memory. A log's records outlive its handles: closing a log and opening the same
 * name again finds them, until {@link #deleteGroup} or {@link #close}. Nothing is bounded beyond what
 * {@link ShardLog#deleteBefore} drops.
 *
 * <p>Thread-safe: the name tables are guarded by this object's monitor; logs synchronize themselves.
 */
final class MemoryLogStorage implements LogStorage {

    private final long segmentBytes;
    /** Guarded by this. */
    private final Map<String, MemoryLog> logs = new HashMap<>();
    /** Guarded by this. */
    private final Map<String, MemoryShardLog> handles = new HashMap<>();
    /** Guarded by this. */
    private boolean closed;

    MemoryLogStorage(long segmentBytes) {
        this.segmentBytes = segmentBytes;
    }

    @Override
    public synchronized ShardLog open(String name) {
        LogNames.checkName(name);
        ensureOpen();
        MemoryShardLog handle = handles.get(name);
        if (handle == null || !handle.isOpen()) {
            handle = new MemoryShardLog(name, logs.computeIfAbsent(name, n -> new MemoryLog(segmentBytes)));
            handles.put(name, handle);
        }
        return handle;
    }

    @Override
    public synchronized Set<String> list(String prefix) {
        LogNames.checkGroup(prefix);
        ensureOpen();
        Set<String> names = new TreeSet<>();
        for (String name : logs.keySet()) {
            if (LogNames.groupOf(name).equals(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public synchronized void deleteGroup(String prefix) {
        LogNames.checkGroup(prefix);
        ensureOpen();
        handles.entrySet().removeIf(entry -> {
            boolean inGroup = LogNames.groupOf(entry.getKey()).equals(prefix);
            if (inGroup) {
                entry.getValue().close();
            }
            return inGroup;
        });
        logs.keySet().removeIf(name -> LogNames.groupOf(name).equals(prefix));
    }

    @Override
    public synchronized void delete(String name) {
        LogNames.checkName(name);
        ensureOpen();
        MemoryShardLog handle = handles.remove(name);
        if (handle != null) {
            handle.close();
        }
        logs.remove(name);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handles.values().forEach(MemoryShardLog::close);
        handles.clear();
        logs.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("in-memory log storage is closed");
        }
    }
}
