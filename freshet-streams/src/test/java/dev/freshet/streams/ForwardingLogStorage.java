package dev.freshet.streams;

import dev.freshet.storage.LogStorage;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.util.Set;

/**
 * A storage that passes every call to another, for test doubles that change only how logs open.
 *
 * <p>Thread-safe as the storage it wraps, if subclasses keep to that.
 */
abstract class ForwardingLogStorage implements LogStorage {

    private final LogStorage storage;

    ForwardingLogStorage(LogStorage storage) {
        this.storage = storage;
    }

    @Override
    public ShardLog open(String name) throws IOException {
        return storage.open(name);
    }

    @Override
    public Set<String> list(String prefix) throws IOException {
        return storage.list(prefix);
    }

    @Override
    public void deleteGroup(String prefix) throws IOException {
        storage.deleteGroup(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        storage.delete(name);
    }

    @Override
    public void close() {
        storage.close();
    }
}
