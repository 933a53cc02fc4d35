package dev.freshet.streams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Stream metadata held in memory only, for {@code --in-memory}. Thread-safe. */
final class MemoryMetadataStore implements MetadataStore {

    private final Map<String, StreamMetadata> streams = new ConcurrentHashMap<>();

    @Override
    public List<StreamMetadata> loadAll() {
        return List.copyOf(streams.values());
    }

    @Override
    public void save(StreamMetadata metadata) {
        streams.put(metadata.streamId(), metadata);
    }

    @Override
    public void delete(String streamId) {
        streams.remove(streamId);
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
